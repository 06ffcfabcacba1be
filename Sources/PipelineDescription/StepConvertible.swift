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
