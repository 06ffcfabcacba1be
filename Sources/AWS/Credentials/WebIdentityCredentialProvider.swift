import Foundation

/// Exchanges an OIDC token for a role's temporary credentials (STS `AssumeRoleWithWebIdentity`),
/// caches them in memory and refreshes them before they expire. Concurrent callers share one
/// exchange. Every secret (the token, the keys, the session token) goes to `onSecret` first.
public actor WebIdentityCredentialProvider: CredentialProvider {
    public nonisolated let roleARN: String
    public nonisolated let sessionName: String
    public nonisolated let durationSeconds: Int
    let tokenSource: any WebIdentityTokenSource
    let sts: STSClient
    let onSecret: SecretSink?
    let refreshMargin: TimeInterval
    private let cache = CredentialCache()

    /// - Parameters:
    ///   - sessionName: sanitised to STS's `[\w+=,.@-]{2,64}`; carry the run id in it.
    ///   - durationSeconds: clamped to 900...43200.
    ///   - refreshMargin: refresh this long before expiry (default: a quarter of the duration, at most 5 minutes).
    public init(roleARN: String, tokenSource: any WebIdentityTokenSource, sts: STSClient, sessionName: String,
                durationSeconds: Int = 3600, refreshMargin: TimeInterval? = nil, onSecret: SecretSink? = nil) {
        self.roleARN = roleARN
        self.tokenSource = tokenSource
        self.sts = sts
        self.sessionName = RoleSessionName.sanitize(sessionName)
        self.durationSeconds = CredentialCache.sessionDuration(durationSeconds)
        self.refreshMargin = CredentialCache.refreshMargin(refreshMargin, sessionSeconds: self.durationSeconds)
        self.onSecret = onSecret
    }

    public func credentials() async throws -> AWSCredentials {
        try await cache.credentials(refreshMargin: refreshMargin) { try await self.exchange() }
    }

    /// Drops the cached credentials (the next call exchanges a fresh token).
    public func invalidate() async { await cache.invalidate() }

    private func exchange() async throws -> AWSCredentials {
        guard roleARN.hasPrefix("arn:") else {
            throw CredentialError.invalidSetting(name: "role ARN", reason: "\(roleARN) is not an ARN (arn:aws:iam::<account>:role/<name>)")
        }
        let token = try await tokenSource.token()
        onSecret?(token)
        let claims = JWTClaims(token: token)
        do {
            let assumed = try await sts.assumeRoleWithWebIdentity(
                roleARN: roleARN, sessionName: sessionName, webIdentityToken: token, durationSeconds: durationSeconds)
            assumed.credentials.secrets.forEach { onSecret?($0) }
            return assumed.credentials
        } catch let error as AWSError {
            throw CredentialError.webIdentityExchangeFailed(
                role: roleARN, issuer: claims?.issuer, audience: claims?.audience, subject: claims?.subject,
                tokenExpired: claims?.expiresAt.map { $0 < Date() } ?? false,
                stsCode: error.code.rawValue, stsMessage: Redactor.redact(error.message, secrets: [token]))
        }
    }
}
