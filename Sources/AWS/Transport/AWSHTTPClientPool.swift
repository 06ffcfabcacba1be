import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import Synchronization

/// One AsyncHTTPClient `HTTPClient` (one connection pool, NIO's shared event loop group) that
/// several transports share: every environment of a run, each with its own credentials, reuses
/// the same keep-alive connections and TLS settings.
///
/// Call ``shutdown()`` when the run is done; it closes every connection. A pool released without
/// it is shut down without waiting. Transports made without a pool own a private one.
public final class AWSHTTPClientPool: Sendable {
    /// What `https` endpoints are trusted with.
    public let trust: AWSTLSTrust
    /// Connect and idle-read timeout of every attempt made through this pool (at least 1 s).
    public let attemptTimeout: TimeInterval
    let client: HTTPClient
    private let state = Mutex(false)

    /// - Parameters:
    ///   - trust: the TLS trust (``AWSTLSTrust/fromEnvironment(_:)`` reads `AWS_CA_BUNDLE`).
    ///   - attemptTimeout: no connection or no bytes for this long fails an attempt; it applies
    ///     to every transport on the pool, whatever their ``RetryPolicy/attemptTimeout``.
    ///   - maxConnectionsPerHost: kept-alive connections per endpoint.
    /// - Throws: ``AWSTLSTrust/BundleError`` when the CA bundle cannot be used.
    public convenience init(trust: AWSTLSTrust, attemptTimeout: TimeInterval = RetryPolicy.default.attemptTimeout,
                            maxConnectionsPerHost: Int = 16) throws {
        self.init(trust: trust, tls: try trust.clientTLSConfiguration(), attemptTimeout: attemptTimeout,
                  maxConnectionsPerHost: maxConnectionsPerHost)
    }

    /// A pool trusting the system's roots only.
    public convenience init(attemptTimeout: TimeInterval = RetryPolicy.default.attemptTimeout, maxConnectionsPerHost: Int = 16) {
        self.init(trust: .system, tls: nil, attemptTimeout: attemptTimeout, maxConnectionsPerHost: maxConnectionsPerHost)
    }

    private init(trust: AWSTLSTrust, tls: TLSConfiguration?, attemptTimeout: TimeInterval, maxConnectionsPerHost: Int) {
        self.trust = trust
        self.attemptTimeout = max(1, attemptTimeout)
        var configuration = Self.clientConfiguration(attemptTimeout: self.attemptTimeout,
                                                     maxConnectionsPerHost: maxConnectionsPerHost)
        configuration.tlsConfiguration = tls
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// A pool trusting `AWS_CA_BUNDLE` (when set) besides the system's roots.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       attemptTimeout: TimeInterval = RetryPolicy.default.attemptTimeout,
                                       maxConnectionsPerHost: Int = 16) throws -> AWSHTTPClientPool {
        try AWSHTTPClientPool(trust: .fromEnvironment(environment), attemptTimeout: attemptTimeout,
                              maxConnectionsPerHost: maxConnectionsPerHost)
    }

    /// Whether ``shutdown()`` was called.
    public var isShutDown: Bool { state.withLock { $0 } }

    /// Closes every connection and waits until they are closed. Later calls through the pool fail.
    /// Calling it twice is harmless.
    public func shutdown() async throws {
        let first = state.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        try await client.shutdown()
    }

    deinit {
        // Non-blocking, safe on any thread (an event loop included): the client keeps itself alive
        // until its connections are closed.
        if !state.withLock({ $0 }) { client.shutdown { _ in } }
    }

    /// The `HTTPClient` settings: timeouts, pool, no redirects, no decompression.
    static func clientConfiguration(attemptTimeout: TimeInterval, maxConnectionsPerHost: Int) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        let attempt = TimeAmount.nanoseconds(Int64(attemptTimeout * 1e9))
        // `read` is an idle timeout (no bytes for this long), like URLSession's request timeout.
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: attempt, read: attempt, write: attempt)
        // Idle connections are closed after 20 s, before servers (AWS, load balancers) usually close
        // them, so that a request rarely meets a connection the server is closing.
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(20), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maxConnectionsPerHost))
        // A failed connect fails the attempt at once; RetryPolicy decides about retrying.
        pool.retryConnectionEstablishment = false
        configuration.connectionPool = pool
        // A signed request must not be replayed to another location (its signature and Host
        // would go along); a 3xx is returned to the caller as is.
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        return configuration
    }
}
