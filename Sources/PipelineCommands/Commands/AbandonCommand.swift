import ArgumentParser
import Foundation
import PipelineEngine

/// `pipeline abandon RUN --reason "…"`: ends a run for good and frees its locks.
struct AbandonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abandon",
        abstract: "End a run for good (it can no longer be resumed) and free the locks it holds.",
        discussion: "A driver still running it stops at its next record (its lease is gone). Who abandoned it and why is recorded.")

    @Argument(help: "The run id.")
    var runID: String

    @Option(help: "Why (recorded with your name).")
    var reason: String

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason needs a reason: it is recorded with your name") }
    }

    func run() async throws {
        let store = try Workspace.discover(stateDirectory: global.stateDirectory).openStore()
        guard let run = try store.run(runID) else { throw EngineError.unknownRun(runID) }
        if run.status.isFinished { throw EngineError.runNotResumable(run: runID, status: run.status) }
        let user = Workspace.currentUser
        var freed: [String] = []
        if let driver = try store.breakLease(key: Lease.runKey(runID), by: user, reason: "abandoned: \(reason)") {
            freed.append("its driver's lease (\(driver.holderDescription()))")
        }
        for lease in try store.leases() where lease.runID == runID && lease.environment != nil {
            if try store.breakLease(key: lease.key, by: user, reason: "abandoned: \(reason)") != nil {
                freed.append("environment '\(lease.environment ?? "")'")
            }
        }
        try store.updateRun(runID, status: .abandoned, finishedAt: Date())
        Terminal.standardOutput("abandoned run \(runID) (it was \(try store.observedStatus(of: run).rawValue))"
                                + (freed.isEmpty ? "" : "; freed \(freed.joined(separator: ", "))") + "; recorded as \(user): \(reason)")
    }
}
