/// Why credentials could not be obtained. No case ever holds a secret.
public enum CredentialError: Error, Sendable, CustomStringConvertible {
    /// The provider has nothing to offer here (its variables are unset); the chain tries the next.
    case notConfigured(provider: String, reason: String)
    /// Every provider of a chain was not configured.
    case noProvider(tried: [String])
    /// The OIDC token could not be obtained.
    case tokenUnavailable(source: String, reason: String)
    /// STS refused the token exchange.
    case webIdentityExchangeFailed(role: String, issuer: String?, audience: String?, subject: String?,
                                   tokenExpired: Bool, stsCode: String, stsMessage: String)
    /// A setting is invalid (role ARN, duration).
    case invalidSetting(name: String, reason: String)

    public var description: String {
        switch self {
        case .notConfigured(let provider, let reason):
            return "\(provider): not configured (\(reason))"
        case .noProvider(let tried):
            return "no AWS credentials found; tried: \(tried.joined(separator: "; ")). "
                + "Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN, "
                + "or run in GitHub Actions with `permissions: id-token: write`"
        case .tokenUnavailable(let source, let reason):
            return "cannot get an OIDC token from \(source): \(reason)"
        case .webIdentityExchangeFailed(let role, let issuer, let audience, let subject, let expired, let code, let message):
            var text = "STS AssumeRoleWithWebIdentity for role \(role) failed: \(code): \(message)."
            text += " Token issuer: \(issuer ?? "unknown"), audience: \(audience ?? "unknown")"
            if let subject { text += ", subject: \(subject)" }
            if expired { text += " (the token has expired)" }
            text += ". Check the role's trust policy allows this issuer, audience and subject."
            return text
        case .invalidSetting(let name, let reason):
            return "invalid \(name): \(reason)"
        }
    }
}
