import Foundation

/// An error response from an AWS service (or moto), decoded.
///
/// Its text names the operation, code, HTTP status, message and request id; messages are
/// redacted of the credentials in use before they reach this type.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var code: AWSErrorCode
    public var status: Int
    public var message: String
    public var requestID: String?
    /// How many attempts were made (more than 1 when retried).
    public var attempts: Int

    public init(operation: String, code: AWSErrorCode, status: Int, message: String, requestID: String?, attempts: Int = 1) {
        self.operation = operation
        self.code = code
        self.status = status
        self.message = message
        self.requestID = requestID
        self.attempts = attempts
    }

    public var description: String {
        var text = "\(operation) failed: \(code.rawValue) (HTTP \(status))"
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " [request id \(requestID)]" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text
    }
}

/// A failure below the service: connection, timeout, retries exhausted, bad response.
public enum AWSTransportError: Error, Sendable, CustomStringConvertible {
    /// The request could not be completed (connection refused/reset, timeout) and was not retried further.
    case connection(operation: String, endpoint: String, reason: String, attempts: Int, note: String)
    /// The overall time budget ran out before an answer.
    case timeLimitExceeded(operation: String, endpoint: String, limit: TimeInterval, attempts: Int, lastFailure: String)
    /// A response arrived but could not be decoded.
    case invalidResponse(operation: String, status: Int, reason: String)
    /// No credentials could be obtained for signing.
    case credentials(operation: String, underlying: String)

    public var description: String {
        switch self {
        case .connection(let operation, let endpoint, let reason, let attempts, let note):
            let count = " after \(attempts) attempt\(attempts == 1 ? "" : "s")"
            return "\(operation) to \(endpoint) failed: \(reason)\(count)\(note.isEmpty ? "" : " (\(note))")"
        case .timeLimitExceeded(let operation, let endpoint, let limit, let attempts, let last):
            return "\(operation) to \(endpoint) gave up after \(attempts) attempts: the \(Int(limit)) s time limit for retries ran out (last failure: \(last))"
        case .invalidResponse(let operation, let status, let reason):
            return "\(operation): cannot read the response (HTTP \(status)): \(reason)"
        case .credentials(let operation, let underlying):
            return "\(operation): no credentials to sign the request: \(underlying)"
        }
    }
}
