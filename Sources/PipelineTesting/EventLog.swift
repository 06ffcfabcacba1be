import Foundation

/// A thread-safe list of log lines (what a runner's sink would receive).
public final class EventLog: @unchecked Sendable {
    // @unchecked Sendable: `lines` is only read and written under `lock`.
    private let lock = NSLock()
    private var lines: [String] = []

    public init() {}

    public func append(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        lines.append(line)
    }

    public var all: [String] {
        lock.lock(); defer { lock.unlock() }
        return lines
    }

    /// Lines containing any of the secrets (must be empty).
    public func leaks(of secrets: [String]) -> [String] {
        all.filter { line in secrets.contains { !$0.isEmpty && line.contains($0) } }
    }
}
