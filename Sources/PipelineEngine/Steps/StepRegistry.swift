import PipelineModel

/// The step modules a runner knows, by kind.
public struct StepRegistry: Sendable {
    private var modules: [String: any StepModule.Type] = [:]

    public init(_ modules: [any StepModule.Type] = []) {
        for module in modules { register(module) }
    }

    public mutating func register(_ module: any StepModule.Type) {
        modules[module.kind] = module
    }

    public var kinds: Set<String> { Set(modules.keys) }

    /// Kind and summary of every module, sorted by kind.
    public var catalogue: [(kind: String, summary: String)] {
        modules.keys.sorted().map { ($0, modules[$0]!.summary) }
    }

    /// The module for `step`, configured from its parameters.
    public func make(_ step: StepDefinition) throws -> any StepModule {
        guard let module = modules[step.kind] else {
            throw EngineError.unknownStepKind(step: step.name, kind: step.kind, known: kinds.sorted(), location: step.location)
        }
        return try module.init(step: step)
    }
}
