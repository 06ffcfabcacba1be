import PipelineModel

/// The built-in `plan` step (`Plan(env)` in a pipeline file): plans every step of the
/// environment's deploy stage against the live system, changes nothing, and saves the plan with
/// the run, so the deploy stage applies exactly what its approvers were shown.
public struct PlanStep: StepModule {
    public static let kind = "plan"
    public static let summary = "plans an environment's deploy stage and saves the plan for it (environment)"

    let environment: String

    public init(step: StepDefinition) throws {
        guard let environment = step.string("environment") ?? step.environment?.name, !environment.isEmpty else {
            throw StepConfigurationError(step: step.name, field: "environment", message: "name the environment to plan, e.g. Plan(dev)")
        }
        self.environment = environment
    }

    public func plan(in context: StepContext) async throws -> StepPlan {
        StepPlan(changes: [PlannedChange(action: .noChange, resource: "plan-\(environment)", detail: "plans only")])
    }

    public func apply(in context: StepContext) async throws {
        guard let planning = context.services.resolve(EnvironmentPlanning.self) else {
            throw StepConfigurationError(step: context.step.name, field: "environment", message: "this runner cannot plan here")
        }
        let plan = try await planning.plan(environment: environment, step: context.step.name, stage: context.stage)
        context.summarize("plan for \(environment): \(plan.tally) (plan \(plan.hash.prefix(12)))")
    }
}
