import Foundation

/// A team's step module: its description and a handler per verb (`apply`, and optionally
/// `plan`, `verify`, `rollback`). Which verbs it supports follows from the handlers it has,
/// unless stated.
///
/// ```swift
/// import PipelineStepKit
///
/// struct Parameters: Decodable, Sendable { var channel: String }
///
/// let notify = StepModule(
///     name: "notify", version: "2.0.0", summary: "posts a deployment notice",
///     parameters: Parameters.self,
///     schema: .object(["channel": .string(description: "where to post")], required: ["channel"])
/// ) { call in
///     call.log("posting to \(call.parameters.channel)")
///     return StepResult(message: "notified \(call.parameters.channel)")
/// }
/// await notify.main()
/// ```
public struct StepModule<Parameters: Decodable & Sendable>: Sendable {
    public typealias Handler = @Sendable (StepCall<Parameters>) async throws -> StepResult

    public var name: String
    public var version: String
    public var summary: String
    /// The JSON Schema of the parameters (what the runner checks a pipeline's `with:` against).
    public var schema: ParameterSchema
    public var requiresEnvironment: Bool
    /// nil: derived from the handlers given.
    public var statedSupports: StepSupports?

    var applyHandler: Handler
    var planHandler: Handler?
    var verifyHandler: Handler?
    var rollbackHandler: Handler?

    /// A module whose `with:` parameters decode as `Parameters`.
    public init(name: String, version: String, summary: String, parameters: Parameters.Type,
                schema: ParameterSchema = .object([:]), requiresEnvironment: Bool = false, supports: StepSupports? = nil,
                apply: @escaping Handler) {
        self.name = name
        self.version = version
        self.summary = summary
        self.schema = schema
        self.requiresEnvironment = requiresEnvironment
        statedSupports = supports
        applyHandler = apply
    }

    /// The module with a `plan` handler (its changes, notes, desired state are shown at the gate).
    public func plan(_ handler: @escaping Handler) -> Self { var copy = self; copy.planHandler = handler; return copy }
    /// The module with a `verify` handler (run after `apply`; throwing fails the step).
    public func verify(_ handler: @escaping Handler) -> Self { var copy = self; copy.verifyHandler = handler; return copy }
    /// The module with a `rollback` handler.
    public func rollback(_ handler: @escaping Handler) -> Self { var copy = self; copy.rollbackHandler = handler; return copy }

    /// The verbs besides `apply` that do something: as stated, else those with a handler.
    public var supports: StepSupports {
        statedSupports ?? StepSupports(plan: planHandler != nil, verify: verifyHandler != nil, rollback: rollbackHandler != nil)
    }

    /// What `describe` answers.
    public var description: StepDescription {
        StepDescription(name: name, version: version, summary: summary, parameters: schema, supports: supports,
                        requiresEnvironment: requiresEnvironment)
    }

    /// Calls the handler for `call`'s verb, or the protocol's default for a verb without one: a
    /// plan of one `run` change, a verify that passes, a rollback with nothing to do.
    public func handle(_ call: StepCall<Parameters>) async throws -> StepResult {
        switch call.verb {
        case .apply, .describe: return try await applyHandler(call)
        case .plan:
            if let planHandler { return try await planHandler(call) }
            return StepResult(changes: [StepChange(action: .run, type: "step", resource: call.run.step)])
        case .verify:
            if let verifyHandler { return try await verifyHandler(call) }
            return StepResult()
        case .rollback:
            if let rollbackHandler { return try await rollbackHandler(call) }
            return StepResult(message: "\(call.run.step) has nothing to roll back")
        }
    }
}
