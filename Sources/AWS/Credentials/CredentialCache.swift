import Foundation

/// Temporary credentials kept in memory until shortly before they expire, fetched once for
/// any number of concurrent callers: what every provider that exchanges something for
/// credentials (a web identity token, base keys) shares.
actor CredentialCache {
    private var cached: AWSCredentials?
    private var inFlight: Task<AWSCredentials, any Error>?

    /// The cached credentials, or `fetch`'s when there are none or they expire within `refreshMargin`.
    func credentials(refreshMargin: TimeInterval, fetch: @escaping @Sendable () async throws -> AWSCredentials) async throws -> AWSCredentials {
        if let cached, !cached.expires(within: refreshMargin) { return cached }
        if let inFlight { return try await inFlight.value }
        let task = Task { try await fetch() }
        inFlight = task
        defer { inFlight = nil }
        let credentials = try await task.value
        cached = credentials
        return credentials
    }

    /// Drops the cached credentials: the next call fetches.
    func invalidate() { cached = nil }

    /// An STS session length clamped to what STS accepts (900...43200 seconds).
    nonisolated static func sessionDuration(_ seconds: Int) -> Int { min(43_200, max(900, seconds)) }

    /// How long before expiry to refresh: `margin`, or a quarter of the session, at most 5 minutes.
    nonisolated static func refreshMargin(_ margin: TimeInterval?, sessionSeconds: Int) -> TimeInterval {
        margin ?? min(300, Double(sessionSeconds) / 4)
    }
}
