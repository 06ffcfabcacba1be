import Foundation
import PipelineModel

/// An OIDC issuer whose ID tokens may prove an approver's identity: the pipeline's
/// `IdentityProvider`, as the engine's model holds it (`issuer` compared exactly with `iss`;
/// `audience`: `aud` contains it or "<audience>:<digest>"; `identityClaim` names the approver,
/// mapped through `identities`; `jwksURL`, or discovery at the issuer).
public typealias OIDCIssuer = IdentityProviderDefinition

extension IdentityProviderDefinition {
    /// GitHub Actions' issuer for tokens of `repository`'s jobs; the approver is the `actor`
    /// claim (the user who started the job).
    public static func githubActions(audience: String, repository: String) -> OIDCIssuer {
        OIDCIssuer(issuer: githubIssuer, audience: audience, identityClaim: "actor", requiredClaims: ["repository": [repository]])
    }

    /// The OpenID discovery document's address for this issuer.
    public var discoveryURL: String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }
}
