import ArgumentParser
import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel

/// `pipeline resume RUN`: continues a run that paused at a gate, was cancelled, failed, or
/// whose driver died (interrupted), on any machine that shares its state, from its last
/// finished step.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a paused, cancelled, failed or interrupted run; stages that succeeded are not run again.",
        discussion: """
            One process drives a run at a time: while another one does, resume exits naming it (or waits, with \
            --wait-lock). A driver whose heartbeat stopped (a crash, a lost machine) is taken over; the step it had \
            in flight runs again, after its leftover processes on this machine are ended.
            """)

    @Argument(help: "The run id (see `pipeline runs`).")
    var runID: String

    @Option(help: "Wait this long at an approval gate (e.g. 30m) instead of pausing.")
    var wait: String?

    @Option(name: .customLong("wait-lock"), help: "Wait this long (e.g. 10m) for the run's current driver, or an environment's holder, to finish.")
    var waitLock: String?

    @Flag(name: .customLong("allow-older"), help: "Deploy even a commit older than (an ancestor of) the one an environment already has.")
    var allowOlder = false

    @Option(help: "How many independent stages may run at once.")
    var jobs = 2

    @Flag(help: "Plan each deploy stage that runs again, instead of applying the saved plan (after a stale plan); its gate needs approvals of the new plan.")
    var replan = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try OptionRanges.check(jobs, OptionRanges.jobs, option: "--jobs")
        try OptionRanges.checkWait(wait)
        try OptionRanges.checkWait(waitLock, option: "--wait-lock")
    }

    static let resumable: Set<RunStatus> = [.awaitingApproval, .cancelled, .failed, .running, .continuing]

    func run() async throws {
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        let store = try workspace.openStore()
        guard let found = try store.run(runID) else { throw EngineError.unknownRun(runID) }
        guard Self.resumable.contains(found.status) else { throw EngineError.runNotResumable(run: runID, status: found.status) }
        let lockWait = waitLock.flatMap(DurationParser.parse)
        let driver = try await RunDriver.claim(run: runID, store: store, wait: lockWait)
        // Another driver may have finished it while we waited for the lease.
        guard var run = try store.run(runID), Self.resumable.contains(run.status) else {
            driver.keeper.stop()
            throw EngineError.runNotResumable(run: runID, status: try store.run(runID)?.status ?? found.status)
        }
        let definition: PipelineModel.PipelineDefinition
        var repository: GitRepositoryState?
        do {
            definition = try Loading.definition(of: run)
            if let commit = run.commit {
                repository = try GitRepositoryState.at(workspace.root, commit: commit, branch: run.branch)
            }
            try store.updateRun(run.id, status: .running, finishedAt: nil, fence: driver.keeper.fence)
        } catch {
            driver.keeper.stop()
            throw error
        }
        run.status = .running
        let options = RunOptions(stage: run.requestedStage, force: true, jobs: jobs, wait: wait.flatMap(DurationParser.parse),
                                 lockWait: lockWait, allowOlder: allowOlder, replan: replan)
        let session = RunSession(definition: definition, run: run, store: store, workspace: workspace,
                                 options: options, logFormat: global.logFormat, resuming: true, repository: repository,
                                 driver: driver)
        let code = try await session.execute()
        if code != .success { throw code }
    }
}
