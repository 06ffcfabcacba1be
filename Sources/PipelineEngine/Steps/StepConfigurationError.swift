import PipelineModel

/// A step's parameters are wrong: the message names the field and what to write.
public struct StepConfigurationError: Error, CustomStringConvertible, Sendable {
    public var step: String
    public var field: String
    public var message: String

    public init(step: String, field: String, message: String) {
        self.step = step
        self.field = field
        self.message = message
    }

    public var description: String { "step '\(step)', parameter '\(field)': \(message)" }
}
