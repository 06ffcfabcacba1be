/// A whole pipeline: its stages, who may approve its gates, and which values are secret.
///
/// A pipeline file declares exactly one `Pipeline`; the runner loads it the way SwiftPM loads
/// `Package.swift`. A complete example:
///
/// ```swift
/// import PipelineDescription
///
/// let team = Approvers(
///     ["lead@bbws.example": ["Lead Developer", "Tech Lead"], "qa@bbws.example": ["QA Lead"]],
///     allowedSigners: "approvers/allowed_signers"
/// )
/// let dev = Environment("dev", account: "536580886816", region: "af-south-1",
///                       role: "bbws-deploy-dev", gate: .approvals(["Lead Developer"]))
///
/// let pipeline = Pipeline("bbws-infrastructure", approvers: team, secrets: ["SLACK_TOKEN"]) {
///     Stage("validation") {
///         Shell("./scripts/lint.sh")
///     }
///     Deploy(dev, after: "validation", rollback: .eachStep) {
///         Shell("./deploy.sh dev", rollback: "./undeploy.sh dev")
///     }
/// }
/// ```
public struct Pipeline: Sendable, Equatable {
    public var name: String
    public var approvers: Approvers
    public var stages: [Stage]
    /// Names of environment variables whose values are secret: masked in every log and summary.
    public var secrets: [String]
    /// Where run state is kept; nil: the embedded default (or `--state` / `PIPELINE_STATE`).
    public var state: State?
    public var location: SourceLocation

    /// Declares the pipeline. The runner reads it when the pipeline file's program exits.
    public init(
        _ name: String,
        approvers: Approvers = Approvers(),
        secrets: [String] = [],
        state: State? = nil,
        file: StaticString = #filePath,
        line: UInt = #line,
        @StageBuilder stages: () -> [Stage]
    ) {
        self.name = name
        self.approvers = approvers
        self.stages = stages()
        self.secrets = secrets
        self.state = state
        self.location = SourceLocation(file, line)
        PipelineOutput.register(self)
    }
}

