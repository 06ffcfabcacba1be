/// An OpenID Connect issuer whose tokens prove an approver's identity (the DSL's `IdentityProvider`).
public struct IdentityProviderDefinition: Codable, Sendable, Equatable {
    public var issuer: String
    public var audience: String
    public var identityClaim: String
    public var jwksURL: String?
    /// Claim values mapped to approver identities; a value not listed is the identity itself.
    public var identities: [String: String]
    /// Claims a token must carry, each with the values it may have (e.g. `repository`,
    /// `job_workflow_ref` and `event_name` for GitHub): where the token may come from.
    public var requiredClaims: [String: [String]]

    public init(issuer: String, audience: String, identityClaim: String, jwksURL: String? = nil, identities: [String: String] = [:],
                requiredClaims: [String: [String]] = [:]) {
        self.issuer = issuer
        self.audience = audience
        self.identityClaim = identityClaim
        self.jwksURL = jwksURL
        self.identities = identities
        self.requiredClaims = requiredClaims
    }

    /// GitHub Actions' token issuer.
    public static let githubIssuer = "https://token.actions.githubusercontent.com"

    /// The approver identity a claim value stands for.
    public func identity(forClaim value: String) -> String {
        identities[value] ?? value
    }
}
