import ArgumentParser
import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineLoading
import PipelineModel
import RepositoryHistory

/// `pipeline run FILE`: loads a pipeline file and runs it (or one stage of it).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline file, or one stage of it.",
        discussion: """
            Pauses (exit 4) at an approval gate unless --wait is given; continue with `pipeline resume RUN`. In CI, with one \
            job per stage on separate machines (`pipeline ci github`), each job runs `--stage S --run-id ID --paused-ok`: \
            the jobs drive one run, and a gate ends its job with exit 0.
            """)

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

    @Flag(name: .customLong("allow-dirty"), help: "Run deployment stages even with uncommitted changes: they are not part of the run, since every step, shell steps included, works in a checkout of the commit.")
    var allowDirty = false

    @Option(name: .customLong("wait-lock"), help: "Wait this long (e.g. 10m) for an environment another run holds, instead of failing its stage naming the holder.")
    var waitLock: String?

    @Flag(name: .customLong("allow-older"), help: "Deploy even a commit older than (an ancestor of) the one an environment already has.")
    var allowOlder = false

    @Option(name: .customLong("run-id"), help: ArgumentHelp(
        "Start the run with this id, or continue it when it exists (one CI job per stage, each on its own machine, sharing the pipeline's state; e.g. gh-$GITHUB_RUN_ID). A stage that already succeeded in it is not run again.",
        valueName: "id"))
    var runID: String?

    @Flag(name: .customLong("paused-ok"), help: "Exit 0 when the run pauses at an approval gate (a CI job that ends while the gate waits); the stage's status is written to $GITHUB_OUTPUT.")
    var pausedOK = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try OptionRanges.check(jobs, OptionRanges.jobs, option: "--jobs")
        try OptionRanges.checkWait(wait)
        try OptionRanges.checkWait(waitLock, option: "--wait-lock")
        if let runID, !JoinedRun.isValidID(runID) {
            throw ValidationError("--run-id '\(runID)' is not a run id: 1-64 of a-z A-Z 0-9 . _ -, starting with a letter or digit (e.g. gh-$GITHUB_RUN_ID)")
        }
    }

    func run() async throws {
        let loaded = try await Loading.load(file)
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        var options = RunOptions(stage: stage, force: force, jobs: jobs, wait: wait.flatMap(DurationParser.parse), base: base,
                                 lockWait: waitLock.flatMap(DurationParser.parse), allowOlder: allowOlder)
        options.joined = runID != nil
        var notices: [String] = []
        let store = try workspace.openStore(declared: loaded.definition.state)
        let joining = JoinedRun(stage: stage, options: options, logFormat: global.logFormat, pausedOK: pausedOK, workspace: workspace, store: store)
        if let runID, let existing = try store.run(runID) {
            return try await joining.continueRun(existing, pipeline: loaded.definition.name)
        }
        let repository = try GitRepositoryState.inspect(workspace.root)
        if repository == nil {
            notices.append("\(workspace.root.path) is not a git repository with a commit: runs are not tied to a commit and steps read the working tree")
        }
        let deploys = loaded.definition.stages.filter { $0.environment != nil && (stage == nil || $0.name == stage) }.map(\.name)
        if let repository {
            try workspace.checkPipelineFile(file, deployStages: deploys)
            let guarded = loaded.definition.stages.filter { ($0.environment != nil || $0.gate != nil) && (stage == nil || $0.name == stage) }.map(\.name)
            options.pipelineFileBlob = try workspace.checkPipelineFileIsCommitted(file, repository: repository, guardedStages: guarded)
        }
        if let repository, !repository.dirtyPaths.isEmpty {
            let listed = repository.dirtyPaths.prefix(8).joined(separator: ", ") + (repository.dirtyPaths.count > 8 ? ", …" : "")
            if !deploys.isEmpty && !allowDirty {
                throw ValidationError("the working tree has uncommitted changes (\(listed)); deployment stages (\(deploys.joined(separator: ", "))) deploy only committed work: commit or stash them, run one non-deploying stage with --stage, or pass --allow-dirty")
            }
            notices.append("the working tree has uncommitted changes (\(listed)); they are not part of this run: steps work in a checkout of commit \(repository.head.id.abbreviated(12))")
        }
        if let runID {
            // A new joined run starts at a stage with nothing before it in this run.
            if let stage { try JoinedRun.checkDependencies(of: stage, definition: loaded.definition, recorded: [], run: runID) }
        } else {
            try RunExecutor.preflight(definition: loaded.definition, options: options, store: store, commit: repository?.commit)
        }
        let run = RunRecord(id: runID ?? RunRecord.newID(), pipeline: loaded.definition.name, pipelineFile: file, document: loaded.document,
                        commit: repository?.commit, branch: repository?.branch ?? GitHubBranch.of(ProcessInfo.processInfo.environment), commitAuthor: repository?.author,
                        commitMessage: repository.map { Terminal.masker.mask($0.head.summary) }, dirty: !(repository?.dirtyPaths.isEmpty ?? true),
                        triggeredBy: Workspace.currentUser, requestedStage: runID == nil ? stage : nil)
        do {
            try store.createRun(run)
        } catch {
            // Another job of the same run recorded it first: join it.
            guard let runID, let existing = try store.run(runID) else { throw error }
            return try await joining.continueRun(existing, pipeline: loaded.definition.name)
        }
        let driver = try await RunDriver.claim(run: run.id, store: store, wait: nil)
        var session = RunSession(definition: loaded.definition, run: run, store: store, workspace: workspace,
                                 options: options, logFormat: global.logFormat, resuming: false, repository: repository,
                                 driver: driver)
        session.notices = notices
        let code = try await session.execute()
        try joining.finish(code, run: run.id)
    }
}
