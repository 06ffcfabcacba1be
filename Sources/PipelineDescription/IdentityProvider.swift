/// An OpenID Connect issuer whose tokens prove who approved a gate.
///
/// The runner verifies a token's signature against the issuer's published keys (JWKS), its
/// issuer, audience, expiry and not-before, and that it was issued for the approval statement
/// (its `nonce` claim, or an audience `<audience>:<statement digest>`). The approver's identity
/// is the value of `identityClaim`, translated through `identities` when given. A token must
/// also carry each of `requiredClaims` with one of its listed values: where it may come from.
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
    /// Claims a token must carry, each with the values it may have, e.g.
    /// `["repository": ["bbws/infra"]]`: a token from anywhere else is refused.
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

    /// GitHub Actions' OIDC tokens from the `approve` workflow of `repository` (`owner/name`):
    /// the token's `repository` must be it, its `job_workflow_ref` that workflow at `ref`, and
    /// its `event_name` one of `events`. The approver is the workflow's `actor`, translated
    /// through `identities` (GitHub login to approver).
    public static func githubActions(
        repository: String, workflow: String = ".github/workflows/approve.yml", ref: String = "refs/heads/main",
        events: [String] = ["workflow_dispatch"], audience: String = "pipeline-approval", identities: [String: String] = [:]
    ) -> IdentityProvider {
        IdentityProvider(
            issuer: "https://token.actions.githubusercontent.com", audience: audience, identityClaim: "actor", identities: identities,
            requiredClaims: [
                "repository": [repository], "job_workflow_ref": ["\(repository)/\(workflow)@\(ref)"], "event_name": events,
            ])
    }
}
