import PipelineModel

/// A step module: what a step of a given kind does.
///
/// Built-in steps and a team's own (run as a separate process through `ExternalStep`) implement
/// this same protocol. Rules for implementers:
/// - `init(step:)` checks the step's parameters and throws ``StepConfigurationError`` naming
///   the field; nothing runs there.
/// - `plan` describes what `apply` would change and changes nothing.
/// - `apply` makes the change; it must be safe to run again after a partial failure.
/// - `verify` checks the change took effect; a throw fails the stage (and triggers rollback).
/// - `rollback` undoes `apply`, also after a partial `apply`. Modules that cannot undo anything
///   keep the default, which reports that there is nothing to roll back.
/// - Report progress through `context.log`, register every secret value with
///   `context.registerSecret` before logging anything that could contain it, and honour task
///   cancellation (the run was cancelled, or the step timed out).
public protocol StepModule: Sendable {
    /// The step kind this module implements, e.g. `shell`.
    static var kind: String { get }
    /// One line for `pipeline steps`.
    static var summary: String { get }

    init(step: StepDefinition) throws

    func plan(in context: StepContext) async throws -> StepPlan
    func apply(in context: StepContext) async throws
    func verify(in context: StepContext) async throws
    func rollback(in context: StepContext) async throws
    /// Whether `rollback` does anything.
    var canRollBack: Bool { get }
    /// Whether the step acts on an environment (its stage's, or its own), so that a pipeline
    /// putting it anywhere else is refused at load.
    var requiresEnvironment: Bool { get }
}

extension StepModule {
    public func plan(in context: StepContext) async throws -> StepPlan {
        StepPlan(changes: [PlannedChange(action: .run, resource: context.step.name, detail: "runs on apply")])
    }

    public func verify(in context: StepContext) async throws {}

    public func rollback(in context: StepContext) async throws {}

    public var canRollBack: Bool { false }

    public var requiresEnvironment: Bool { false }
}
