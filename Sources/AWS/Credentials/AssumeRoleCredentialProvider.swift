import Foundation

/// Assumes a role with the caller's own credentials (STS `AssumeRole`, signed by the STS client's
/// transport), caches the temporary credentials in memory and refreshes them before they expire.
/// Concurrent callers share one call. Every secret goes to `onSecret` before it is used.
///
/// How a runner holding base keys (a developer's, or a CI user's) reaches each environment's
/// account: the base keys only sign the `AssumeRole` call; every other call uses the role's keys.
public actor AssumeRoleCredentialProvider: CredentialProvider {
    public nonisolated let roleARN: String
    public nonisolated let sessionName: String
    public nonisolated let durationSeconds: Int
    let sts: STSClient
    let onSecret: SecretSink?
    let refreshMargin: TimeInterval
    private let cache = CredentialCache()

    /// - Parameters:
    ///   - sts: an STS client whose transport signs with the base credentials.
    ///   - sessionName: sanitised to STS's `[\w+=,.@-]{2,64}`; carry the run id in it.
    ///   - durationSeconds: clamped to 900...43200 (a role's own maximum may be lower).
    ///   - refreshMargin: refresh this long before expiry (default: a quarter of the duration, at most 5 minutes).
    public init(roleARN: String, sts: STSClient, sessionName: String, durationSeconds: Int = 3600,
                refreshMargin: TimeInterval? = nil, onSecret: SecretSink? = nil) {
        self.roleARN = roleARN
        self.sts = sts
        self.sessionName = RoleSessionName.sanitize(sessionName)
        self.durationSeconds = CredentialCache.sessionDuration(durationSeconds)
        self.refreshMargin = CredentialCache.refreshMargin(refreshMargin, sessionSeconds: self.durationSeconds)
        self.onSecret = onSecret
    }

    public func credentials() async throws -> AWSCredentials {
        try await cache.credentials(refreshMargin: refreshMargin) { try await self.assume() }
    }

    /// Drops the cached credentials (the next call assumes the role again).
    public func invalidate() async { await cache.invalidate() }

    private func assume() async throws -> AWSCredentials {
        try RoleARN.check(roleARN)
        do {
            let assumed = try await sts.assumeRole(roleARN: roleARN, sessionName: sessionName, durationSeconds: durationSeconds)
            assumed.credentials.secrets.forEach { onSecret?($0) }
            return assumed.credentials
        } catch let error as AWSError {
            let base = try? await sts.client.transport.credentials.credentials()
            let hint = base.map { "****" + String($0.accessKeyID.suffix(4)) } ?? "unknown"
            throw CredentialError.assumeRoleRefused(role: roleARN, stsCode: error.code.rawValue, stsMessage: error.message,
                                                    baseKeyHint: hint)
        }
    }
}
