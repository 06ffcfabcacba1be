import Foundation
import PipelineBasics
import PipelineModel

/// Everything a step module gets to do its work: which run, stage and step, the environment,
/// the repository, and ways to log and to register secrets.
public struct StepContext: Sendable {
    public var runID: String
    public var stage: String
    public var step: StepDefinition
    /// The environment the step acts on (the step's own, else its stage's).
    public var environment: EnvironmentDefinition?
    /// The repository root the run works in.
    public var workspace: URL
    /// The commit the run deploys, when the workspace is a git repository.
    public var commit: String?
    /// During a `previousDeployment` rollback: the commit the environment had before.
    public var rollbackTarget: String?
    /// The commit last deployed to the step's environment by another run, if any.
    public var previousDeployment: String?
    /// This step's part of the environment's saved plan, during `apply`, `verify` and `rollback`
    /// of a deploy stage: what was shown at the gate and approved.
    public var plan: StepPlan?
    /// The environment's plan as far as this step may read it: while the stage is planned, the
    /// steps planned before this one; during `apply`, `verify` and `rollback`, every step of the
    /// saved plan. Empty outside deploy stages.
    public var planSteps: [EnvironmentPlan.Step] = []
    /// The saved plan's hash, during `apply`, `verify` and `rollback` of a deploy stage.
    public var planHash: String?
    /// Every environment the pipeline declares (for steps that act on all of them).
    public var environments: [EnvironmentDefinition]
    /// Variables the runner passes to processes (run id, stage, environment, …).
    public var variables: [String: String]
    /// Services the commands layer offers (the secret resolver, the input files, `BuiltinSteps`'
    /// `AWSAccess`), looked up by type.
    public var services: StepServices
    let sink: @Sendable (StepSignal) -> Void

    public init(
        runID: String, stage: String, step: StepDefinition, environment: EnvironmentDefinition?,
        workspace: URL, commit: String?, rollbackTarget: String? = nil, previousDeployment: String? = nil,
        plan: StepPlan? = nil, environments: [EnvironmentDefinition] = [], variables: [String: String] = [:],
        services: StepServices = StepServices(), sink: @escaping @Sendable (StepSignal) -> Void
    ) {
        self.runID = runID
        self.stage = stage
        self.step = step
        self.environment = environment
        self.workspace = workspace
        self.commit = commit
        self.rollbackTarget = rollbackTarget
        self.previousDeployment = previousDeployment
        self.plan = plan
        self.environments = environments
        self.variables = variables
        self.services = services
        self.sink = sink
    }

    /// The saved plan of what was (or is being) deployed to `environment`: this run's plan for
    /// it, else the plan of the run that last deployed it. Nil when neither exists.
    public func deployedPlan(environment: String) throws -> EnvironmentPlan? {
        try services.resolve(PlanRecords.self)?.deployedPlan(environment: environment)
    }

    /// Logs one line of the step's output.
    public func log(_ line: String, stream: OutputStream = .stdout) {
        sink(.output(line, stream))
    }

    /// Reports a finding in a file (validation steps): shown grouped by file, as a GitHub
    /// annotation (`error`, `warning` or `notice`), in JSON output, and counted in the run
    /// summary. The diagnostic's severity is kept as it is (a note stays a note).
    public func report(_ diagnostic: Diagnostic) {
        sink(.diagnostic(diagnostic))
    }

    /// States the step's result in one line (e.g. "12 templates: 0 problems"): logged, and listed
    /// in the run's Markdown summary.
    public func summarize(_ line: String) {
        sink(.summary(line))
    }

    /// Warns about something the step noticed that did not fail it (e.g. a process it started
    /// outlived it): a run warning, shown and recorded.
    public func warn(_ message: String) {
        sink(.warning(message))
    }

    /// Registers a secret: from now on it is masked in every log, event and summary.
    public func registerSecret(_ value: String) {
        sink(.secret(value))
    }

    public enum OutputStream: String, Codable, Sendable { case stdout, stderr }
}
