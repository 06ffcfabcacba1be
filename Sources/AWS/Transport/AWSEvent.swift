import Foundation

/// What happened on the wire; for the runner's event log. Never holds credentials.
public enum AWSEvent: Sendable, CustomStringConvertible {
    case retrying(operation: String, attempt: Int, delay: TimeInterval, reason: String)
    case completed(operation: String, status: Int, attempts: Int, duration: TimeInterval)

    public var description: String {
        switch self {
        case .retrying(let operation, let attempt, let delay, let reason):
            "\(operation): attempt \(attempt) failed (\(reason)); retrying in \(Int(delay * 1000)) ms"
        case .completed(let operation, let status, let attempts, let duration):
            "\(operation): HTTP \(status) after \(attempts) attempt(s) in \(Int(duration * 1000)) ms"
        }
    }
}
