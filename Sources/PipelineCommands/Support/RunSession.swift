import ArgumentParser
import BuiltinSteps
import Foundation
import Logging
import PipelineBasics
import PipelineEngine
import PipelineModel
import RepositoryHistory

/// Executes a run (new or resumed) with the sinks the options ask for, the Markdown summary,
/// and the exit code. Cancelling the calling task (SIGINT/SIGTERM) cancels the run.
struct RunSession {
    let definition: PipelineDefinition
    let run: RunRecord
    let store: any RunStore
    let workspace: Workspace
    let options: RunOptions
    let logFormat: GlobalOptions.LogFormat
    let resuming: Bool
    /// The repository the run deploys; nil outside git.
    let repository: GitRepositoryState?
    /// This process's claim on the run (its lease, renewed while the run executes).
    let driver: RunDriver.Claim
    /// Warnings to show before the run starts (e.g. uncommitted changes).
    var notices: [String] = []

    /// Runs the run to its end and returns its exit status; throws (for `PipelineCommand.start` to
    /// report) when it cannot start.
    func execute() async throws -> ExitCode {
        let environment = ProcessInfo.processInfo.environment
        let inGitHub = environment["GITHUB_ACTIONS"] == "true"
        // One masker for the invocation: events, the store, the run's files and the terminal.
        let masker = Terminal.masker
        let warnings = SecretRegistration.register(definition.secrets, environment: environment, into: masker)
        SecretRegistration.registerRunnerCredentials(environment: environment, into: masker)
        var sinks: [any EventSink] = []
        switch logFormat {
        case .json: sinks.append(JSONLinesStdoutSink())
        case .human: sinks.append(ConsoleSink(colour: Terminal.useColour, githubActions: inGitHub))
        }
        if inGitHub {
            let github = GitHubActionsSink()
            for value in masker.values { github.addMask(value) }
            masker.onRegister { github.addMask($0) }
            sinks.append(github)
        }
        let directory = workspace.runDirectory(run.id)
        let previous = resuming ? ((try? store.events(run: run.id))?.count ?? 0) : 0
        let hub = EventHub(masker: masker, sinks: sinks, store: store,
                           logFile: directory.appendingPathComponent("events.jsonl"), startSequence: previous)
        let services = StepServicesFactory.make(workspace: workspace, repository: repository, runID: run.id, hub: hub,
                                                secrets: definition.secrets, leases: driver.keeper)
        // Steps work in checkouts of the run's commit, one per stage, never in the working tree.
        var checkout = workspace.root
        var checkouts: RunCheckout?
        if let commit = run.commit, let repository {
            let made: RunCheckout
            do {
                made = try RunCheckout(repositoryRoot: repository.root, commit: commit, run: run.id, in: workspace.worktreesDirectory())
            } catch {
                hub.finish()
                driver.keeper.stop()
                throw error
            }
            checkout = made.directory
            checkouts = made
        }
        let keeper = driver.keeper
        var options = self.options
        options.runDirectory = directory
        let authority: RunApprovalAuthority
        do {
            authority = try RunApprovalAuthority(definition: definition, commit: run.commit, repositoryRoot: repository?.root ?? workspace.root)
        } catch {
            hub.finish()
            driver.keeper.stop()
            throw error
        }
        let executor = RunExecutor(
            definition: definition, run: run, store: store, registry: BuiltinSteps.registry(), hub: hub,
            options: options, workspace: checkout, repository: repository ?? NoRepository(), services: services, leases: keeper,
            authority: authority, checkouts: checkouts)

        let notices = warnings + driver.notices + self.notices
        let task = Task { await executor.execute(resuming: resuming, notices: notices) }
        keeper.start { _ in task.cancel() }
        // The command's task carries SIGINT/SIGTERM (`PipelineCommand.start`) into the run.
        let status = await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
        keeper.stop()
        // Each stage writes its checkout afresh when it runs (or resumes): none is kept.
        checkouts?.removeAll()
        if let lost = keeper.lost {
            hub.finish()
            Terminal.standardError("error: \(lost.description)")
            return ExitCode(ExitStatus.failed)
        }
        var awsCalls: String?
        if let aws = services.resolve(AWSAccess.self) {
            await aws.shutdown()
            if !aws.calls.operations.isEmpty {
                awsCalls = aws.calls.summary
                var details = aws.calls.operations.mapValues(String.init)
                let byKind = aws.calls.byKind
                for kind in AWSCallCounter.Kind.allCases { details["kind." + kind.rawValue] = String(byKind[kind, default: 0]) }
                details["retries"] = String(aws.calls.retries)
                hub.emit(PipelineEvent(kind: .awsCalls, runID: run.id, pipeline: definition.name, commit: run.commit,
                                       message: aws.calls.summary, details: details))
            }
        }
        hub.finish()

        var approvals: [String: [ApprovalRecord]] = [:]
        for stage in definition.stages where stage.gate != nil {
            approvals[stage.name] = try? store.approvals(run: run.id, stage: stage.name)
        }
        let stages = (try? store.stages(run: run.id)) ?? []
        let order = Dictionary(definition.stages.enumerated().map { ($1.name, $0) }) { first, _ in first }
        let plans = ((try? store.plans(run: run.id)) ?? []).sorted { order[$0.stage, default: .max] < order[$1.stage, default: .max] }
        // The whole run, every invocation that drove it: from its stored events (this one's
        // included), not only what this invocation saw.
        let whole = RunSummarySink(events: (try? store.events(run: run.id)) ?? [])
        var markdown = whole.markdown(run: run, definition: definition, status: status, stages: stages, approvals: approvals,
                                      plans: plans)
        markdown += releaseNotes(stages: stages)
        if inGitHub, status == .awaitingApproval {
            let layout = GitHubWorkflowLayout(definition: definition, pipelineFile: run.pipelineFile)
            for stage in definition.stages where stages.contains(where: { $0.name == stage.name && $0.status == .awaitingApproval }) {
                markdown += GateInstructions(layout: layout, run: run.id, stage: stage, approvals: approvals[stage.name] ?? [],
                                             environment: environment).markdown
            }
        }
        if let awsCalls { markdown += "\n\(awsCalls) (counted at the transport; this invocation).\n" }
        markdown = masker.mask(markdown)
        try? PrivateFiles.createDirectory(directory.path)
        try? PrivateFiles.write(Array(markdown.utf8), to: directory.appendingPathComponent("summary.md").path)
        if inGitHub, let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            GitHubActionsSink.appendSummary(markdown, to: path)
        }
        return ExitCode(ExitStatus.code(for: status))
    }
}

extension RunSession {
    /// For each environment this run deployed: the commits it brought there.
    func releaseNotes(stages: [StageRecord]) -> String {
        guard let repository else { return "" }
        var sections: [String] = []
        for stage in definition.stages {
            guard let environment = stage.environment?.name,
                  stages.contains(where: { $0.name == stage.name && $0.status == .succeeded }) else { continue }
            let previous = (try? store.lastDeployment(environment: environment, excluding: run.id))?.commit
            guard previous != run.commit else {
                sections.append("\n### \(environment): no new commits (commit `\(run.commit?.prefix(12) ?? "")` was already deployed)\n")
                continue
            }
            let limit = 30
            guard let commits = try? repository.commits(since: previous, limit: limit + 1) else { continue }
            let heading = previous.map { "since `\($0.prefix(12))`" } ?? "first deployment"
            var lines = ["", "### Brought to \(environment) (\(heading)): \(commits.count > limit ? "more than \(limit)" : "\(commits.count)") commit\(commits.count == 1 ? "" : "s")", ""]
            lines += commits.prefix(limit).map { "- `\($0.id.abbreviated(7))` \($0.summary) (\($0.author.name))" }
            sections.append(lines.joined(separator: "\n") + "\n")
        }
        return sections.joined()
    }
}
