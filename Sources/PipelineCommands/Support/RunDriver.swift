import Foundation
import PipelineEngine

/// Makes this process the one driver of a run: takes the run's lease (waiting up to `wait`
/// for a live driver), says when it took over from a driver whose heartbeat stopped, and ends
/// that driver's orphaned step processes when they are on this machine.
enum RunDriver {
    struct Claim {
        let keeper: LeaseKeeper
        /// What the run should say when it starts (taken over, orphans ended).
        var notices: [String]
        /// The driver it took over from, if any.
        var previous: Lease?
    }

    static func claim(run: String, store: any RunStore, wait: Duration?, user: String = Workspace.currentUser) async throws -> Claim {
        let timing = LeaseKeeper.Timing.fromEnvironment()
        let deadline = wait.map { ContinuousClock.now + $0 }
        var waited = false
        while true {
            switch try store.acquireLease(key: Lease.runKey(run), runID: run, user: user, duration: timing.duration) {
            case .acquired(let lease, let previous):
                var notices: [String] = []
                if let previous {
                    notices.append("took over run \(run) from its driver, \(previous.holderDescription()): its heartbeat had stopped or its process had died")
                    if previous.host == ProcessInfo.processInfo.hostName {
                        let ended = OrphanProcesses.end(run: run)
                        if !ended.isEmpty {
                            notices.append("ended \(ended.count) process\(ended.count == 1 ? "" : "es") the previous driver had left running (pid \(ended.map(String.init).joined(separator: ", ")))")
                        }
                    }
                }
                return Claim(keeper: LeaseKeeper(store: store, runLease: lease, timing: timing), notices: notices, previous: previous)
            case .held(let holder):
                guard let deadline, ContinuousClock.now < deadline else {
                    throw EngineError.runDriven(run: run, holder: holder.holderDescription())
                }
                if !waited {
                    waited = true
                    Terminal.standardError("run \(run) is being driven by \(holder.holderDescription()); waiting")
                }
                try await Task.sleep(for: min(.milliseconds(Int(timing.heartbeat * 1000)), deadline - ContinuousClock.now))
            }
        }
    }
}
