import AsyncHTTPClient
import Foundation
import NIOCore

/// One HTTP client for every AWS call: signs, sends over an AsyncHTTPClient `HTTPClient`
/// (connection pool with keep-alive), retries by ``RetryPolicy`` and ``RetrySafety``, and decodes
/// error bodies.
///
/// Every client built from the same ``AWSConfiguration`` shares this transport and so its
/// connections. Transports with different credentials (one per environment) can share one
/// ``AWSHTTPClientPool``; a transport made without one owns a private pool, shut down (connections
/// closed) when the transport is released, which cannot happen while a call is in flight because
/// each call holds the transport.
public final class AWSTransport: Sendable {
    public let credentials: any CredentialProvider
    public let retry: RetryPolicy
    /// The HTTP client pool this transport sends through (shared, or its own).
    public let pool: AWSHTTPClientPool
    let onEvent: (@Sendable (AWSEvent) -> Void)?
    /// Runs before every attempt of every call; what it throws ends the call unsent (e.g. a
    /// driver that lost its lease refusing to write).
    let beforeSend: (@Sendable (Call) throws -> Void)?

    var http: HTTPClient { pool.client }

    /// A transport with its own client pool, trusting the system's roots.
    public convenience init(credentials: any CredentialProvider, retry: RetryPolicy = .default,
                            maxConnectionsPerHost: Int = 16, onEvent: (@Sendable (AWSEvent) -> Void)? = nil) {
        self.init(credentials: credentials, retry: retry,
                  pool: AWSHTTPClientPool(attemptTimeout: retry.attemptTimeout, maxConnectionsPerHost: maxConnectionsPerHost),
                  onEvent: onEvent)
    }

    /// A transport with its own client pool trusting `trust` (e.g. `AWS_CA_BUNDLE`).
    /// - Throws: ``AWSTLSTrust/BundleError`` when the CA bundle cannot be used.
    public convenience init(credentials: any CredentialProvider, retry: RetryPolicy = .default, trust: AWSTLSTrust,
                            maxConnectionsPerHost: Int = 16, onEvent: (@Sendable (AWSEvent) -> Void)? = nil) throws {
        let pool = try AWSHTTPClientPool(trust: trust, attemptTimeout: retry.attemptTimeout,
                                         maxConnectionsPerHost: maxConnectionsPerHost)
        self.init(credentials: credentials, retry: retry, pool: pool, onEvent: onEvent)
    }

    /// A transport sending through a shared pool (the pool's `attemptTimeout` and TLS trust apply).
    public init(credentials: any CredentialProvider, retry: RetryPolicy = .default, pool: AWSHTTPClientPool,
                onEvent: (@Sendable (AWSEvent) -> Void)? = nil, beforeSend: (@Sendable (Call) throws -> Void)? = nil) {
        self.credentials = credentials
        self.retry = retry
        self.pool = pool
        self.onEvent = onEvent
        self.beforeSend = beforeSend
    }

    /// How one operation is sent.
    public struct Call: Sendable {
        public var operation: String
        public var signer: SigV4Signer?
        public var safety: RetrySafety
        public var decodeError: @Sendable (AWSHTTPResponse) -> (code: String, message: String)

        public init(operation: String, signer: SigV4Signer?, safety: RetrySafety,
                    decodeError: @escaping @Sendable (AWSHTTPResponse) -> (code: String, message: String)) {
            self.operation = operation
            self.signer = signer
            self.safety = safety
            self.decodeError = decodeError
        }
    }

    /// Sends `request`, retrying where allowed; returns a 2xx/3xx response or throws
    /// ``AWSError`` / ``AWSTransportError`` / `CancellationError`.
    public func send(_ request: AWSHTTPRequest, _ call: Call) async throws -> AWSHTTPResponse {
        let start = Date()
        var attempt = 0
        let endpoint = "\(request.scheme)://\(request.host)"
        while true {
            attempt += 1
            try Task.checkCancellation()
            try beforeSend?(call)
            var signed = request
            var secrets: [String] = []
            if let signer = call.signer {
                let credentials: AWSCredentials
                do {
                    credentials = try await self.credentials.credentials()
                } catch {
                    throw AWSTransportError.credentials(operation: call.operation, underlying: "\(error)")
                }
                secrets = credentials.secrets
                signer.sign(&signed, credentials: credentials)
            }
            let elapsed = Date().timeIntervalSince(start)
            let remaining = retry.totalTimeLimit - elapsed
            let outcome: Outcome
            do {
                // The attempt's idle timeout (`attemptTimeout`) is the client's read timeout; the
                // deadline bounds the attempt by what is left of the total budget.
                let response = try await perform(signed, deadline: .now() + .nanoseconds(Int64(max(0, remaining) * 1e9)))
                if response.status < 400 {
                    onEvent?(.completed(operation: call.operation, status: response.status, attempts: attempt,
                                        duration: Date().timeIntervalSince(start)))
                    return response
                }
                let decoded = call.decodeError(response)
                let error = AWSError(
                    operation: call.operation, code: AWSErrorCode(rawValue: decoded.code), status: response.status,
                    message: Redactor.redact(decoded.message, secrets: secrets), requestID: response.requestID,
                    attempts: attempt)
                outcome = .service(error)
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                outcome = .connection(ConnectionFailure(error))
            }
            let decision = outcome.retryDecision(safety: call.safety)
            let reason = outcome.reason
            guard decision, attempt < retry.maxAttempts else {
                let note = decision ? "retry limit reached"
                    : outcome.retryDecision(safety: .idempotent) ? "not retried: \(call.operation) is not safe to repeat" : ""
                throw outcome.finalError(operation: call.operation, endpoint: endpoint, attempts: attempt, note: note)
            }
            let delay = retry.delay(beforeRetry: attempt)
            if Date().timeIntervalSince(start) + delay >= retry.totalTimeLimit {
                throw AWSTransportError.timeLimitExceeded(
                    operation: call.operation, endpoint: endpoint, limit: retry.totalTimeLimit, attempts: attempt,
                    lastFailure: reason)
            }
            onEvent?(.retrying(operation: call.operation, attempt: attempt, delay: delay, reason: reason))
            try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
        }
    }

    enum Outcome {
        case service(AWSError)
        case connection(ConnectionFailure)

        func retryDecision(safety: RetrySafety) -> Bool {
            switch self {
            case .service(let error):
                if error.code.isThrottling || error.status == 429 { return true }
                if error.status == 503 && (error.code == .slowDown || error.code == .serviceUnavailable) { return true }
                return error.status >= 500 && safety == .idempotent
            case .connection(let failure):
                switch failure {
                case .refused, .connectTimedOut:
                    return true // never reached the service
                case .reset, .timedOut, .malformed, .tls:
                    return safety == .idempotent // outcome unknown
                case .other, .untrustedCertificate:
                    return false
                }
            }
        }

        var reason: String {
            switch self {
            case .service(let error): "\(error.code.rawValue) (HTTP \(error.status))"
            case .connection(let failure): failure.description
            }
        }

        func finalError(operation: String, endpoint: String, attempts: Int, note: String) -> any Error {
            switch self {
            case .service(let error):
                return error
            case .connection(let failure):
                return AWSTransportError.connection(
                    operation: operation, endpoint: endpoint, reason: failure.description, attempts: attempts, note: note)
            }
        }
    }
}
