import Foundation

/// What a module answers to `describe`: `{"handshake": "pipeline-step", "protocol": 2, …}`.
public struct StepDescription: Sendable, Equatable {
    /// The value of `handshake` that tells a step module from any other program.
    public static let handshake = "pipeline-step"
    /// The protocol version PipelineStepKit speaks (it also answers protocol 1 requests).
    public static let protocolVersion = 2
    /// Every protocol version PipelineStepKit answers.
    public static let protocols = [1, 2]

    /// The module's name, as pipelines use it (`Custom("cost-estimate")`, executable `pipeline-step-cost-estimate`).
    public var name: String
    public var version: String
    /// One line shown by `pipeline steps`.
    public var summary: String
    /// The JSON Schema of the `with:` parameters.
    public var parameters: ParameterSchema
    public var supports: StepSupports
    /// The step acts on an environment: a pipeline using it in a stage without one is refused at load.
    public var requiresEnvironment: Bool

    public init(name: String, version: String, summary: String, parameters: ParameterSchema = .object([:]),
                supports: StepSupports, requiresEnvironment: Bool = false) {
        self.name = name
        self.version = version
        self.summary = summary
        self.parameters = parameters
        self.supports = supports
        self.requiresEnvironment = requiresEnvironment
    }

    /// The describe answer as its wire document.
    public var document: StepValue {
        .object([
            "handshake": .string(Self.handshake),
            "protocol": .number(Double(Self.protocolVersion)),
            "name": .string(name),
            "version": .string(version),
            "summary": .string(summary),
            "parameters": parameters.json,
            "supports": .object(["plan": .bool(supports.plan), "verify": .bool(supports.verify), "rollback": .bool(supports.rollback)]),
            "requiresEnvironment": .bool(requiresEnvironment),
        ])
    }
}
