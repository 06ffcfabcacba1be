import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the test helpers that run a server process of their own (moto, the TLS forwarder) end
/// it and read what it wrote.
extension Process {
    /// Ends the process and its process group: SIGTERM, then SIGKILL after `grace` seconds; each
    /// wait bounded.
    func terminateGroup(grace: TimeInterval = 5) {
        guard isRunning else { return }
        let pid = processIdentifier
        kill(-pid, SIGTERM)
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < deadline { usleep(20_000) }
        guard isRunning else { return }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        let killDeadline = Date().addingTimeInterval(grace)
        while isRunning && Date() < killDeadline { usleep(20_000) }
    }

    /// The last `lines` lines of a log file (empty when it cannot be read).
    static func tail(of log: URL, lines: Int = 8) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
