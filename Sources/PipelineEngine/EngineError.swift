import PipelineModel

/// Errors of the engine. User errors say what to do; `storeCorrupt` and `internalInconsistency`
/// are bugs or damaged state.
public enum EngineError: Error, CustomStringConvertible, Sendable {
    case unknownStepKind(step: String, kind: String, known: [String], location: SourceLocation)
    case unknownRun(String)
    case unknownStage(run: String, stage: String, known: [String])
    case stageHasNoGate(run: String, stage: String)
    case approvalRefused(String)
    case dependencyNotSucceeded(stage: String, dependency: String, commit: String?)
    case runNotResumable(run: String, status: RunStatus)
    case stepTimedOut(step: String, seconds: Double)
    case environmentLocked(environment: String, heldBy: String)
    /// Another process drives the run (`holder` says who).
    case runDriven(run: String, holder: String)
    /// A fenced write refused: the lease changed hands (it lapsed and was taken over, or was
    /// ended by hand).
    case leaseLost(key: String, holder: String?)
    /// A deploy of a commit older than what the environment has.
    case olderCommit(environment: String, commit: String, deployed: String, deployedBy: String)
    /// A deploy of a commit that has not succeeded in the environment before it.
    case notPromoted(environment: String, commit: String, previousStage: String)
    case storeFailure(String)
    case storeCorrupt(String)
    case invalidPlan(source: String, reason: String)
    case stalePlan(run: String, step: String, environment: String, changes: [String])
    case noDeployStage(environment: String, known: [String])

    public var isUserError: Bool {
        switch self {
        case .storeFailure, .storeCorrupt: false
        default: true
        }
    }

    public var description: String {
        switch self {
        case .unknownStepKind(let step, let kind, let known, let location):
            "\(location): error: step '\(step)' uses unknown step module '\(kind)'; this runner knows: \(known.joined(separator: ", "))"
        case .unknownRun(let run):
            "no run '\(run)' in this repository; `pipeline runs` lists them"
        case .unknownStage(let run, let stage, let known):
            "run \(run) has no stage '\(stage)'; its stages: \(known.joined(separator: ", "))"
        case .stageHasNoGate(let run, let stage):
            "stage '\(stage)' of run \(run) has no approval gate; nothing to approve"
        case .approvalRefused(let reason):
            "approval refused: \(reason)"
        case .dependencyNotSucceeded(let stage, let dependency, let commit):
            "stage '\(stage)' needs stage '\(dependency)' to have succeeded for commit \(commit.map { String($0.prefix(12)) } ?? "(no commit)"), and it has not; run it first, or pass --force"
        case .runNotResumable(let run, let status):
            "run \(run) is \(status.rawValue) and cannot be resumed"
        case .stepTimedOut(let step, let seconds):
            "step '\(step)' timed out after \(Self.format(seconds))"
        case .environmentLocked(let environment, let holder):
            "environment '\(environment)' is locked by \(holder); wait for it (`--wait-lock 10m`), or, if that run is gone, `pipeline unlock \(environment) --force --reason \"…\"`"
        case .runDriven(let run, let holder):
            "run \(run) is being driven by \(holder); wait for it, or pass --wait-lock DURATION to wait here"
        case .leaseLost(let key, let holder):
            "lost the lease \(key)\(holder.map { " to \($0)" } ?? " (it was ended by hand)"); this process stops driving the run"
        case .olderCommit(let environment, let commit, let deployed, let deployedBy):
            "refusing to deploy commit \(commit.prefix(12)) to '\(environment)': it is an ancestor of commit \(deployed.prefix(12)), which run \(deployedBy) already deployed there; start a new run for the newer commit, or pass --allow-older (a rollback is always allowed)"
        case .notPromoted(let environment, let commit, let previousStage):
            "refusing to deploy commit \(commit.prefix(12)) to '\(environment)': it has not succeeded in stage '\(previousStage)' before it; deploy it there first"
        case .storeFailure(let message):
            "run store: \(message)"
        case .storeCorrupt(let message):
            "run store is damaged: \(message)"
        case .invalidPlan(let source, let reason):
            "\(source) is not a usable plan: \(reason)"
        case .stalePlan(let run, let step, let environment, let changes):
            "plan is stale: \(changes.prefix(5).joined(separator: "; "))\(changes.count > 5 ? "; and \(changes.count - 5) more" : "") (step '\(step)' in '\(environment)' changed since it was planned); the step changed nothing and the stage is not rolled back: plan '\(environment)' again and ask its gate for approvals of the new plan with `pipeline resume \(run) --replan`, or start a new run"
        case .noDeployStage(let environment, let known):
            "no deploy stage for environment '\(environment)'; environments with one: \(known.isEmpty ? "none" : known.joined(separator: ", "))"
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
