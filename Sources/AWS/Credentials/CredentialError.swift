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
    /// STS refused `AssumeRole` with the base credentials. `baseKeyHint` is `****` and the base
    /// key id's last four characters (never the key).
    case assumeRoleRefused(role: String, stsCode: String, stsMessage: String, baseKeyHint: String)

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
            switch AWSErrorCode(rawValue: code) {
            case .expiredToken:
                text += ". The OIDC token expired before STS read it: request a fresh token for each exchange (they last minutes)."
            case .idpCommunicationError:
                text += ". STS could not reach the issuer to check the token: retry, and check the issuer's OIDC discovery URL."
            default:
                text += ". Check the role's trust policy allows this issuer, audience and subject."
            }
            return text
        case .invalidSetting(let name, let reason):
            return "invalid \(name): \(reason)"
        case .assumeRoleRefused(let role, let code, let message, let key):
            var text = "STS AssumeRole into role \(role) was refused: \(code)"
            if !message.isEmpty { text += ": \(message)" }
            switch AWSErrorCode(rawValue: code) {
            case .accessDenied:
                text += ". The base credentials (key id \(key)) may not assume this role: allow sts:AssumeRole on it in "
                    + "their IAM policy, and trust their principal in the role's trust policy."
            case .invalidClientTokenID, .invalidAccessKeyID:
                text += ". AWS does not know the base access key \(key) (AWS_ACCESS_KEY_ID): set current keys in "
                    + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for temporary keys)."
            case .expiredToken:
                text += ". The base credentials' session token (AWS_SESSION_TOKEN) has expired: get fresh temporary "
                    + "credentials (e.g. sign in again) and run again."
            case .signatureDoesNotMatch:
                text += ". AWS_SECRET_ACCESS_KEY does not belong to the access key \(key): set the matching pair."
            default:
                text += ". Check the role ARN, and that the base credentials (key id \(key)) may assume it."
            }
            return text
        }
    }
}
