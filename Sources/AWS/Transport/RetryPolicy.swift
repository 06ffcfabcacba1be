import Foundation

/// Whether an operation may be sent again when its first outcome is unknown.
///
/// The rule: a request the service *refused* (throttling) or that never reached it
/// (connection refused) is always retried. A request whose outcome is *unknown* (5xx,
/// connection reset, timeout) is retried only if repeating it cannot change the result:
/// reads, full-state writes (PUT of an object or a bucket setting, PutItem, DeleteItem,
/// tag, TTL/PITR settings) and writes guarded by a condition expression.
public enum RetrySafety: Sendable, Equatable {
    /// Repeating gives the same end state.
    case idempotent
    /// Repeating could apply a change twice (UpdateItem without a condition, UpdateTable).
    case unsafe
}

/// Exponential backoff with full jitter, bounded in attempts and in total time.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts including the first (1 = no retries).
    public var maxAttempts: Int
    /// First backoff ceiling; doubles each retry.
    public var baseDelay: TimeInterval
    /// Largest backoff ceiling.
    public var maxDelay: TimeInterval
    /// Budget for all attempts and waits together.
    public var totalTimeLimit: TimeInterval
    /// Timeout of one attempt (no bytes received for this long fails the attempt); at least 1 s.
    public var attemptTimeout: TimeInterval

    public init(maxAttempts: Int = 5, baseDelay: TimeInterval = 0.05, maxDelay: TimeInterval = 5,
                totalTimeLimit: TimeInterval = 60, attemptTimeout: TimeInterval = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.totalTimeLimit = totalTimeLimit
        self.attemptTimeout = max(1, attemptTimeout)
    }

    public static let `default` = RetryPolicy()
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1-based): uniform in `0...min(maxDelay, base * 2^(retry-1))`.
    public func delay(beforeRetry retry: Int) -> TimeInterval {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(max(0, retry - 1))))
        return Double.random(in: 0...max(0, ceiling))
    }
}

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
