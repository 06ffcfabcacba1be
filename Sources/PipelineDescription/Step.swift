/// One step of a stage: a step module (built in, or a team's own) with its parameters.
///
/// Steps are usually written with a typed factory such as ``Shell`` or ``ProvisionTables``; a
/// step from a team's own module is written with ``Custom``. All of them produce a `Step`.
public struct Step: Codable, Sendable, Equatable {
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

/// Anything that can stand as a step inside a stage.
public protocol StepConvertible {
    var step: Step { get }
}

extension Step: StepConvertible {
    public var step: Step { self }
}

extension StepConvertible {
    /// The same step with another name.
    public func named(_ name: String) -> Step {
        var copy = step
        copy.name = name
        return copy
    }

    /// The same step, stopped and failed after `duration`.
    public func timeout(_ duration: Duration) -> Step {
        var copy = step
        copy.timeoutSeconds = Step.seconds(duration)
        return copy
    }

    /// The same step, run only when `condition` holds.
    public func when(_ condition: Condition) -> Step {
        var copy = step
        copy.condition = condition
        return copy
    }

    /// The same step, whose failure does not fail its stage.
    public func continueOnError(_ value: Bool = true) -> Step {
        var copy = step
        copy.continueOnError = value
        return copy
    }
}
