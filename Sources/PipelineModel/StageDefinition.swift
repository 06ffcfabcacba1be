/// A stage as the engine sees it.
public struct StageDefinition: Sendable, Equatable {
    public var name: String
    public var dependsOn: [String]
    public var environment: EnvironmentDefinition?
    public var gate: GateDefinition?
    public var rollback: RollbackPolicy
    public var condition: ConditionDefinition?
    public var steps: [StepDefinition]
    public var location: SourceLocation
    /// False: every step runs and the stage fails after (nil, as in older documents, is true).
    public var failFast: Bool?

    public init(
        name: String, dependsOn: [String] = [], environment: EnvironmentDefinition? = nil,
        gate: GateDefinition? = nil, rollback: RollbackPolicy = .none, condition: ConditionDefinition? = nil,
        steps: [StepDefinition], failFast: Bool? = nil, location: SourceLocation
    ) {
        self.failFast = failFast
        self.name = name
        self.dependsOn = dependsOn
        self.environment = environment
        self.gate = gate
        self.rollback = rollback
        self.condition = condition
        self.steps = steps
        self.location = location
    }
}
