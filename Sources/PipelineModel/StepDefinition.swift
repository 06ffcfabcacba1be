/// One step of a stage, as the engine sees it.
public struct StepDefinition: Sendable, Equatable {
    /// The step module that runs it.
    public var kind: String
    public var name: String
    public var parameters: [String: JSONValue]
    public var timeoutSeconds: Double?
    public var condition: ConditionDefinition?
    public var continueOnError: Bool
    /// The environment the step acts on, when not its stage's.
    public var environment: EnvironmentDefinition?
    public var location: SourceLocation

    public init(
        kind: String, name: String, parameters: [String: JSONValue] = [:], timeoutSeconds: Double? = nil,
        condition: ConditionDefinition? = nil, continueOnError: Bool = false,
        environment: EnvironmentDefinition? = nil, location: SourceLocation
    ) {
        self.kind = kind
        self.name = name
        self.parameters = parameters
        self.timeoutSeconds = timeoutSeconds
        self.condition = condition
        self.continueOnError = continueOnError
        self.environment = environment
        self.location = location
    }

    /// A string parameter, or nil.
    public func string(_ key: String) -> String? { parameters[key]?.stringValue }
}
