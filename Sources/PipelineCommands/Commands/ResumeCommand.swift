import ArgumentParser
import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel

/// `pipeline resume RUN`: continues a run paused at a gate (or cancelled) from where it stopped.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a paused or cancelled run; stages that succeeded are not run again.")

    @Argument(help: "The run id (see `pipeline runs`).")
    var runID: String

    @Option(help: "Wait this long at an approval gate (e.g. 30m) instead of pausing.")
    var wait: String?

    @Option(help: "How many independent stages may run at once.")
    var jobs = 2

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let wait, DurationParser.parse(wait) == nil {
            throw ValidationError("--wait takes a duration like 90s, 30m or 2h, not '\(wait)'")
        }
    }

    func run() async throws {
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        let store: any RunStore
        var run: RunRecord
        let definition: PipelineModel.PipelineDefinition
        var repository: GitRepositoryState?
        store = try workspace.openStore()
        guard let found = try store.run(runID) else { throw EngineError.unknownRun(runID) }
        run = found
        guard run.status == .awaitingApproval || run.status == .cancelled || run.status == .failed else {
            throw EngineError.runNotResumable(run: runID, status: run.status)
        }
        definition = try Loading.definition(of: run)
        if let commit = run.commit {
            repository = try GitRepositoryState.at(workspace.root, commit: commit, branch: run.branch)
        }
        try store.updateRun(run.id, status: .running, finishedAt: nil)
        run.status = .running
        let options = RunOptions(stage: run.requestedStage, force: true, jobs: jobs, wait: wait.flatMap(DurationParser.parse))
        let session = RunSession(definition: definition, run: run, store: store, workspace: workspace,
                                 options: options, logFormat: global.logFormat, resuming: true, repository: repository)
        let code = await session.execute()
        if code != .success { throw code }
    }
}

