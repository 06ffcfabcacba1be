import Foundation

/// Step processes a dead driver left behind on this machine. Every step process (and what it
/// starts) inherits `PIPELINE_RUN_ID`; each step runs in its own process group. Ending a run's
/// orphans: SIGTERM to each one's group, then SIGKILL to what is left after a grace period.
enum OrphanProcesses {
    /// Processes on this machine, other than this one, whose environment has `PIPELINE_RUN_ID=run`.
    static func find(run: String) -> [pid_t] {
        let marker = Data("PIPELINE_RUN_ID=\(run)".utf8)
        let me = getpid()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard pid != me, let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environ.split(separator: 0).contains { $0.elementsEqual(marker) }
        }
    }

    /// Ends the run's orphans; returns the pids found.
    @discardableResult
    static func end(run: String, grace: TimeInterval = 3) -> [pid_t] {
        let found = find(run: run)
        guard !found.isEmpty else { return [] }
        let ownGroup = getpgrp()
        func signal(_ number: Int32) {
            for pid in found {
                let group = getpgid(pid)
                if group > 1 && group != ownGroup { kill(-group, number) } else { kill(pid, number) }
            }
        }
        signal(SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline, !find(run: run).isEmpty { usleep(50_000) }
        if !find(run: run).isEmpty { signal(SIGKILL) }
        return found
    }
}
