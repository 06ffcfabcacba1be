import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP client for every AWS call: signs, sends over a shared `URLSession` (connection
/// reuse), retries by ``RetryPolicy`` and ``RetrySafety``, and decodes error bodies.
public final class AWSTransport: Sendable {
    public let credentials: any CredentialProvider
    public let retry: RetryPolicy
    let session: URLSession
    let onEvent: (@Sendable (AWSEvent) -> Void)?

    public init(credentials: any CredentialProvider, retry: RetryPolicy = .default,
                maxConnectionsPerHost: Int = 16, onEvent: (@Sendable (AWSEvent) -> Void)? = nil) {
        self.credentials = credentials
        self.retry = retry
        self.onEvent = onEvent
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maxConnectionsPerHost
        configuration.timeoutIntervalForRequest = retry.attemptTimeout
        configuration.timeoutIntervalForResource = retry.totalTimeLimit
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
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
                // URLSession on Linux does not honour sub-second timeouts (they fire at once): at least 1 s.
                let response = try await perform(signed, timeout: max(1, min(retry.attemptTimeout, remaining)))
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
            } catch let error as URLError {
                if error.code == .cancelled || Task.isCancelled { throw CancellationError() }
                outcome = .connection(error)
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
        case connection(URLError)

        func retryDecision(safety: RetrySafety) -> Bool {
            switch self {
            case .service(let error):
                if error.code.isThrottling || error.status == 429 { return true }
                if error.status == 503 && (error.code == .slowDown || error.code == .serviceUnavailable) { return true }
                return error.status >= 500 && safety == .idempotent
            case .connection(let error):
                switch error.code {
                case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed:
                    return true // never reached the service
                case .networkConnectionLost, .timedOut, .badServerResponse, .zeroByteResource, .cannotParseResponse,
                     .secureConnectionFailed, .resourceUnavailable:
                    return safety == .idempotent // outcome unknown
                default:
                    return false
                }
            }
        }

        var reason: String {
            switch self {
            case .service(let error): "\(error.code.rawValue) (HTTP \(error.status))"
            case .connection(let error): Self.describe(error)
            }
        }

        static func describe(_ error: URLError) -> String {
            switch error.code {
            case .timedOut: "timed out waiting for the response"
            case .networkConnectionLost: "connection reset or closed by the server"
            case .cannotConnectToHost: "connection refused"
            case .badServerResponse, .cannotParseResponse, .zeroByteResource: "malformed or empty response"
            default: "network error \(error.code.rawValue)"
            }
        }

        func finalError(operation: String, endpoint: String, attempts: Int, note: String) -> any Error {
            switch self {
            case .service(let error):
                return error
            case .connection(let error):
                return AWSTransportError.connection(
                    operation: operation, endpoint: endpoint, reason: Self.describe(error), attempts: attempts, note: note)
            }
        }
    }
}
