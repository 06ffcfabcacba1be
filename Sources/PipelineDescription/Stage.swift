/// A stage: steps that run in order, after the stages it depends on, optionally behind an
/// approval gate and for one environment.
///
/// ```swift
/// Stage("validation") {
///     Shell("swift test")
/// }
/// Stage("dev", after: "plan", environment: dev, rollback: .eachStep) {
///     Shell("./deploy.sh dev", rollback: "./undeploy.sh dev")
/// }
/// ```
public struct Stage: Sendable, Equatable {
    public var name: String
    /// Names of the stages that must succeed first.
    public var dependsOn: [String]
    /// The environment this stage deploys to, if any.
    public var environment: Environment?
    /// The gate in front of the stage. Defaults to the environment's gate.
    public var gate: Gate?
    public var rollback: Rollback
    public var condition: Condition?
    public var steps: [Step]
    /// When true (the default) the first failing step stops the stage; when false every step
    /// runs (e.g. validations, so all problems are reported at once) and the stage fails after.
    public var failFast: Bool
    public var location: SourceLocation

    public init(
        _ name: String,
        after dependencies: [String] = [],
        environment: Environment? = nil,
        gate: Gate? = nil,
        rollback: Rollback = .none,
        when condition: Condition? = nil,
        failFast: Bool = true,
        file: StaticString = #filePath,
        line: UInt = #line,
        @StepBuilder steps: () -> [Step]
    ) {
        self.name = name
        self.failFast = failFast
        self.dependsOn = dependencies
        self.environment = environment
        self.gate = gate ?? environment?.gate
        self.rollback = rollback
        self.condition = condition
        self.steps = steps()
        self.location = SourceLocation(file, line)
    }

    /// A stage after a single other stage.
    public init(
        _ name: String,
        after dependency: String,
        environment: Environment? = nil,
        gate: Gate? = nil,
        rollback: Rollback = .none,
        when condition: Condition? = nil,
        failFast: Bool = true,
        file: StaticString = #filePath,
        line: UInt = #line,
        @StepBuilder steps: () -> [Step]
    ) {
        self.init(
            name, after: [dependency], environment: environment, gate: gate, rollback: rollback,
            when: condition, failFast: failFast, file: file, line: line, steps: steps)
    }
}

/// A deployment stage named after its environment, behind the environment's gate.
///
/// `Deploy(sit, after: "dev", rollback: .previousDeployment) { … }` is
/// `Stage("sit", after: "dev", environment: sit, rollback: .previousDeployment) { … }`.
public func Deploy(
    _ environment: Environment,
    after dependency: String? = nil,
    gate: Gate? = nil,
    rollback: Rollback = .eachStep,
    when condition: Condition? = nil,
    file: StaticString = #filePath,
    line: UInt = #line,
    @StepBuilder steps: () -> [Step]
) -> Stage {
    Stage(
        environment.name, after: dependency.map { [$0] } ?? [], environment: environment, gate: gate,
        rollback: rollback, when: condition, file: file, line: line, steps: steps)
}
