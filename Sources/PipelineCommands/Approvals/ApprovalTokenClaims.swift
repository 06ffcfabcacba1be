import Foundation
import PipelineModel

/// Reads, without verifying, who a JWT says its subject is: to fill in `--as` before the
/// token is verified (verification then checks the same identity).
enum ApprovalTokenClaims {
    /// The approver identity the token's issuer and identity claim name, or nil.
    static func identity(in token: String, providers: [IdentityProviderDefinition]) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = decode(String(parts[1])),
              let claims = try? JSONSerialization.jsonObject(with: payload) as? [String: Any],
              let issuer = claims["iss"] as? String,
              let provider = providers.first(where: { $0.issuer == issuer }),
              let value = claims[provider.identityClaim] as? String else { return nil }
        return provider.identity(forClaim: value)
    }

    private static func decode(_ segment: String) -> Data? {
        var text = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text)
    }
}
