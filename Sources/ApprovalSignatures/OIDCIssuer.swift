import Foundation

/// An OIDC issuer whose ID tokens may prove an approver's identity.
public struct OIDCIssuer: Codable, Sendable, Equatable {
    /// Compared exactly with the token's `iss`.
    public var issuer: String
    /// The audience the token must be for: `aud` contains it, or contains "<audience>:<digest>".
    public var audience: String
    /// The claim that names the approver, e.g. "actor" (GitHub Actions), "email", "preferred_username".
    public var identityClaim: String
    /// Where the issuer's JWKS is; nil: read `jwks_uri` from `issuer + "/.well-known/openid-configuration"`.
    public var jwksURL: String?
    /// Claim values that stand for an approver identity (e.g. a GitHub login for an e-mail
    /// address); a value not listed is the identity itself.
    public var identities: [String: String]

    public init(issuer: String, audience: String, identityClaim: String, jwksURL: String? = nil, identities: [String: String] = [:]) {
        self.issuer = issuer
        self.audience = audience
        self.identityClaim = identityClaim
        self.jwksURL = jwksURL
        self.identities = identities
    }

    /// GitHub Actions' issuer; the approver is the `actor` claim (the user who started the job).
    public static func githubActions(audience: String) -> OIDCIssuer {
        OIDCIssuer(issuer: "https://token.actions.githubusercontent.com", audience: audience, identityClaim: "actor")
    }

    /// The OpenID discovery document's address for this issuer.
    public var discoveryURL: String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }
}
