import ArgumentParser
import BuiltinSteps
import Foundation
import PipelineBasics
import PipelineEngine
import PipelineModel

/// `pipeline run FILE --stage S --run-id ID`: one CI job's part of a run that other jobs (on
/// other machines, sharing the pipeline's state) drive too. The first job records the run; each
/// later one continues it at its stage, from the run's own commit and pipeline document (a job
/// dispatched later, on a newer checkout, still deploys what the run started with). A stage that
/// already succeeded is not run again, so re-running a workflow's jobs resumes the run.
struct JoinedRun {
    let stage: String?
    let options: RunOptions
    let logFormat: GlobalOptions.LogFormat
    /// A pause at a gate exits 0 (`--paused-ok`).
    let pausedOK: Bool
    let workspace: Workspace
    let store: any RunStore

    /// 1-64 of letters, digits, `.`, `_` and `-`, starting with a letter or digit.
    static func isValidID(_ id: String) -> Bool {
        guard let first = id.first, first.isASCII, first.isLetter || first.isNumber, id.count <= 64 else { return false }
        return id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// Every stage `stage` depends on must have succeeded (or been skipped) in this run.
    static func checkDependencies(of stage: String, definition: PipelineDefinition, recorded: [StageRecord], run: String) throws {
        guard let found = definition.stage(named: stage) else {
            throw EngineError.unknownStage(run: run, stage: stage, known: definition.stages.map(\.name))
        }
        let statuses = Dictionary(recorded.map { ($0.name, $0.status) }, uniquingKeysWith: { $1 })
        for dependency in found.dependsOn {
            let status = statuses[dependency]
            guard status == .succeeded || status == .skipped else {
                throw JoinedRunError.dependencyNotDone(run: run, stage: stage, dependency: dependency, status: status?.rawValue ?? "not run")
            }
        }
    }

    /// Continues `found` at `stage` (or every stage left, without one).
    func continueRun(_ found: RunRecord, pipeline: String) async throws {
        guard found.pipeline == pipeline else { throw JoinedRunError.otherPipeline(run: found.id, pipeline: found.pipeline, file: pipeline) }
        if let done = try doneAlready(found) { return report(done, run: found.id) }
        guard ResumeCommand.resumable.contains(found.status) else {
            throw EngineError.runNotResumable(run: found.id, status: found.status)
        }
        let definition = try Loading.definition(of: found)
        if let stage { try Self.checkDependencies(of: stage, definition: definition, recorded: try store.stages(run: found.id), run: found.id) }
        // Jobs of one run take turns driving it (the run's lease): a parallel job waits.
        let driver = try await RunDriver.claim(run: found.id, store: store, wait: options.lockWait ?? .seconds(60))
        let session: RunSession
        do {
            guard var run = try store.run(found.id) else { throw EngineError.unknownRun(found.id) }
            if let done = try doneAlready(run) {
                driver.keeper.stop()
                return report(done, run: run.id)
            }
            guard ResumeCommand.resumable.contains(run.status) else { throw EngineError.runNotResumable(run: run.id, status: run.status) }
            var notices: [String] = []
            var repository: GitRepositoryState?
            if let commit = run.commit {
                repository = try GitRepositoryState.at(workspace.root, commit: commit, branch: run.branch)
                if let head = try? GitRepositoryState.inspect(workspace.root)?.commit, head != commit {
                    notices.append("this checkout is at \(head.prefix(12)); run \(run.id) deploys commit \(commit.prefix(12)), the one it started with")
                }
            }
            try store.updateRun(run.id, status: .running, finishedAt: nil, fence: driver.keeper.fence)
            run.status = .running
            var options = self.options
            options.force = true
            var made = RunSession(definition: definition, run: run, store: store, workspace: workspace, options: options,
                                  logFormat: logFormat, resuming: true, repository: repository, driver: driver)
            made.notices = notices
            session = made
        } catch {
            driver.keeper.stop()
            throw error
        }
        let code = try await session.execute()
        try finish(code, run: found.id)
    }

    /// The stage's status when there is nothing left to do for it in `run`.
    private func doneAlready(_ run: RunRecord) throws -> StageStatus? {
        guard let stage else { return run.status == .succeeded ? .succeeded : nil }
        let status = try store.stages(run: run.id).first { $0.name == stage }?.status
        return status == .succeeded || status == .skipped ? status : nil
    }

    private func report(_ status: StageStatus, run: String) {
        Terminal.standardOutput("\(stage.map { "stage '\($0)'" } ?? "run \(run)") already \(status.rawValue) in run \(run): nothing to do")
        writeOutputs(run: run, status: status)
    }

    /// Writes the job's outputs and turns the run's end into this command's exit.
    func finish(_ code: ExitCode, run: String) throws {
        let status = stage.flatMap { name in (try? store.stages(run: run))?.first { $0.name == name }?.status }
        writeOutputs(run: run, status: status)
        if code == .success { return }
        if pausedOK, code.rawValue == ExitStatus.awaitingApproval {
            Terminal.standardOutput("run \(run) waits at the gate of \(stage.map { "stage '\($0)'" } ?? "a stage"); this job ends, and the run continues once its approvals are in")
            return
        }
        throw code
    }

    /// `run`, `status` and `continue` (whether the stages after this one may run) for
    /// `$GITHUB_OUTPUT`, when GitHub Actions gave one.
    private func writeOutputs(run: String, status: StageStatus?) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["GITHUB_ACTIONS"] == "true", let path = environment["GITHUB_OUTPUT"], !path.isEmpty else { return }
        let proceed = status == .succeeded || status == .skipped
        let text = "run=\(run)\nstatus=\(status?.rawValue ?? "not-run")\ncontinue=\(proceed)\n"
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            return Terminal.standardError("warning: could not write the job's outputs to $GITHUB_OUTPUT (\(path)): the jobs after this one will not run")
        }
        defer { close(descriptor) }
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
    }
}
