import ArgumentParser
import Foundation
import PipelineEngine
import PipelineModel

/// `pipeline run FILE`: loads a pipeline file and runs it (or one stage of it).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline file, or one stage of it.",
        discussion: "Pauses (exit 4) at an approval gate unless --wait is given; continue with `pipeline resume RUN`.")

    @Argument(help: "The pipeline file, e.g. pipelines/deploy.swift.")
    var file: String

    @Option(help: "Run only this stage (its dependencies must have succeeded for this commit).")
    var stage: String?

    @Flag(help: "With --stage: run even if the stages it depends on have not succeeded.")
    var force = false

    @Option(help: "How many independent stages may run at once.")
    var jobs = 2

    @Option(help: "Wait this long at an approval gate (e.g. 30m) instead of pausing.")
    var wait: String?

    @Option(help: "Base revision for `changed` conditions (default: the environment's last deployment).")
    var base: String?

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard jobs >= 1 && jobs <= 64 else { throw ValidationError("--jobs must be between 1 and 64") }
        if let wait, DurationParser.parse(wait) == nil {
            throw ValidationError("--wait takes a duration like 90s, 30m or 2h, not '\(wait)'")
        }
    }

    func run() async throws {
        let loaded: (definition: PipelineDefinition, document: Data)
        do {
            let result = try await Loading.load(file)
            loaded = (result.definition, result.document)
        } catch {
            throw Failure.report(error)
        }
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        let options = RunOptions(stage: stage, force: force, jobs: jobs, wait: wait.flatMap(DurationParser.parse), base: base)
        let store: SQLiteRunStore
        let run: RunRecord
        do {
            store = try workspace.openStore()
            let repository: any RepositoryState = NoRepository()
            try RunExecutor.preflight(definition: loaded.definition, options: options, store: store, commit: repository.commit)
            run = RunRecord(id: RunRecord.newID(), pipeline: loaded.definition.name, pipelineFile: file, document: loaded.document,
                            commit: repository.commit, branch: repository.branch, triggeredBy: Workspace.currentUser, requestedStage: stage)
            try store.createRun(run)
        } catch {
            throw Failure.report(error)
        }
        let session = RunSession(definition: loaded.definition, run: run, store: store, workspace: workspace,
                                 options: options, logFormat: global.logFormat, resuming: false)
        let code = await session.execute()
        if code != .success { throw code }
    }
}
