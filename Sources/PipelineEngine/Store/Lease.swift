import Foundation

/// Who holds a run or an environment, until when: a lease renewed by heartbeat.
///
/// A run is driven by one process at a time (its run lease, key `run:<id>`), and a deploy stage
/// holds its environment (key `environment:<name>`) while it runs. A lease changes hands only
/// when it is released, when it expired (its holder stopped renewing it: a crash, a lost
/// machine), or when its holder is a dead process on this machine. Every change is one
/// conditional write (``RunStore/putLease(_:replacing:)``): "no lease yet" or "the lease still
/// has the token I read".
public struct Lease: Codable, Sendable, Equatable {
    /// `run:<id>` or `environment:<name>`.
    public var key: String
    /// The run that holds the lease.
    public var runID: String
    /// Unique per acquisition: renewals and releases must present it.
    public var token: String
    public var host: String
    public var pid: Int32
    public var user: String
    /// When this holder acquired it.
    public var since: Date
    /// When it was last renewed.
    public var renewedAt: Date
    /// When it lapses unless renewed.
    public var expiresAt: Date

    public init(key: String, runID: String, token: String = UUID().uuidString, host: String = ProcessInfo.processInfo.hostName,
                pid: Int32 = getpid(), user: String, since: Date = Date(), renewedAt: Date? = nil, expiresAt: Date) {
        self.key = key
        self.runID = runID
        self.token = token
        self.host = host
        self.pid = pid
        self.user = user
        // Whole milliseconds, so a lease reads back from any store exactly as it was written.
        self.since = Self.milliseconds(since)
        self.renewedAt = Self.milliseconds(renewedAt ?? since)
        self.expiresAt = Self.milliseconds(expiresAt)
    }

    static func milliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    public static func runKey(_ run: String) -> String { "run:\(run)" }
    public static func environmentKey(_ environment: String) -> String { "environment:\(environment)" }

    /// The environment's name, for an environment lease.
    public var environment: String? { key.hasPrefix("environment:") ? String(key.dropFirst("environment:".count)) : nil }

    public func isExpired(at now: Date = Date()) -> Bool { expiresAt <= now }

    /// Whether the holder is a process on this machine that no longer exists (or has exited and
    /// not been reaped yet: a zombie).
    public var holderIsDeadHere: Bool {
        guard host == ProcessInfo.processInfo.hostName, pid > 0 else { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // "pid (command) state …": the state follows the last ')'.
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    /// Whether the holder is this very process.
    public var isHeldByThisProcess: Bool { host == ProcessInfo.processInfo.hostName && pid == getpid() }

    /// "pid 4242 on ci-7 (user alice), since 2026-12-02T01:00:00Z, last heartbeat 3s ago".
    public func holderDescription(now: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        let ago = max(0, Int(now.timeIntervalSince(renewedAt).rounded()))
        return "run \(runID) (pid \(pid) on \(host), user \(user), since \(formatter.string(from: since)), last heartbeat \(ago)s ago)"
    }
}
