/// One step of a stage: a step module (built in, or a team's own) with its parameters.
///
/// Steps are usually written with a typed factory such as ``Shell`` or ``ProvisionTables``; a
/// step from a team's own module is written with ``Custom``. All of them produce a `Step`.
public struct Step: Sendable, Equatable {
    /// The step module that runs it, e.g. `shell` or `provision-tables`.
    public var kind: String
    /// The step's name, unique within its stage.
    public var name: String
    public var parameters: [String: Value]
    /// Seconds before the step is stopped and counted as failed.
    public var timeoutSeconds: Double?
    public var condition: Condition?
    /// When true, a failure of this step is recorded but does not fail the stage.
    public var continueOnError: Bool
    /// The environment the step acts on, when it is not its stage's (e.g. ``Plan``).
    public var environment: Environment?
    public var location: SourceLocation

    public init(
        kind: String,
        name: String,
        parameters: [String: Value] = [:],
        timeout: Duration? = nil,
        condition: Condition? = nil,
        continueOnError: Bool = false,
        environment: Environment? = nil,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        self.kind = kind
        self.name = name
        self.parameters = parameters
        self.timeoutSeconds = timeout.map(Step.seconds)
        self.condition = condition
        self.continueOnError = continueOnError
        self.environment = environment
        self.location = SourceLocation(file, line)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
