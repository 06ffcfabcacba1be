import Foundation

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
