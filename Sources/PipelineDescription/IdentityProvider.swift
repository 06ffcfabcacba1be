/// An OpenID Connect issuer whose tokens prove who approved a gate.
///
/// The runner verifies a token's signature against the issuer's published keys (JWKS), its
/// issuer, audience, expiry and not-before, and that it was issued for the approval statement
/// (its `nonce` claim, or an audience `<audience>:<statement digest>`). The approver's identity
/// is the value of `identityClaim`, translated through `identities` when given.
public struct IdentityProvider: Sendable, Equatable {
    /// The token's exact `iss`.
    public var issuer: String
    /// The audience approval tokens are requested for.
    public var audience: String
    /// The claim that names the approver, e.g. `actor` (GitHub) or `email`.
    public var identityClaim: String
    /// The JWKS address; nil to discover it at `<issuer>/.well-known/openid-configuration`.
    public var jwksURL: String?
    /// Claim values mapped to approver identities (e.g. GitHub logins to e-mail addresses);
    /// a value not listed is taken as the identity itself.
    public var identities: [String: String]

    public init(issuer: String, audience: String, identityClaim: String, jwksURL: String? = nil, identities: [String: String] = [:]) {
        self.issuer = issuer
        self.audience = audience
        self.identityClaim = identityClaim
        self.jwksURL = jwksURL
        self.identities = identities
    }

    /// GitHub Actions' OIDC tokens (an `approve` workflow_dispatch job with `id-token: write`);
    /// the approver is the workflow's `actor`.
    public static func githubActions(audience: String = "pipeline-approval", identities: [String: String] = [:]) -> IdentityProvider {
        IdentityProvider(issuer: "https://token.actions.githubusercontent.com", audience: audience, identityClaim: "actor",
                         identities: identities)
    }
}
