import Foundation
import PipelineModel

/// Plans made and saved by a run, and the check that a deploy applies exactly its saved plan.
extension RunExecutor {
    /// The deploy stage of `environment`: the first stage that deploys to it.
    public func deployStage(for environment: String) -> StageDefinition? {
        definition.stages.first { $0.environment?.name == environment }
    }

    /// Plans every step of the deploy `stage` (steps whose condition does not hold are left out)
    /// against the live system, without changing anything.
    public func makePlan(for stage: StageDefinition) async throws -> EnvironmentPlan {
        guard let environment = stage.environment else {
            throw EngineError.noDeployStage(environment: stage.name, known: definition.stages.compactMap(\.environment?.name))
        }
        var steps: [EnvironmentPlan.Step] = []
        for step in stage.steps {
            if let condition = step.condition, unmetReason(condition, environment: environment.name) != nil { continue }
            let module = try registry.make(step)
            var planning = makeContext(stage: stage, step: step)
            planning.planSteps = steps
            let context = planning
            let plan = try await Self.withTimeout(step.timeoutSeconds, step: step.name) { try await module.plan(in: context) }
            steps.append(EnvironmentPlan.Step(name: step.name, kind: step.kind, plan: masked(plan)))
        }
        return EnvironmentPlan(pipeline: definition.name, environment: environment, stage: stage.name, commit: run.commit,
                               runID: run.id, steps: steps)
    }

    /// `plan` with its changes and notes masked: a saved plan is stored, shown and hashed as
    /// masked text. (The desired state and the snapshot, which the stale-plan check compares
    /// with a fresh plan, are what the step read and are kept as they are.)
    func masked(_ plan: StepPlan) -> StepPlan {
        var copy = plan
        let masker = hub.masker
        copy.notes = plan.notes.map(masker.mask)
        copy.changes = plan.changes.map { change in
            var change = change
            change.resource = masker.mask(change.resource)
            change.detail = masker.mask(change.detail)
            change.type = masker.mask(change.type)
            return change
        }
        return copy
    }

    /// Plans `environment`'s deploy stage, saves the plan as the run's plan for it, and reports it.
    @discardableResult
    func planAndSave(environment: String, reportedBy step: String? = nil, stage reportingStage: String? = nil) async throws -> EnvironmentPlan {
        guard let stage = deployStage(for: environment) else {
            throw EngineError.noDeployStage(environment: environment, known: definition.stages.compactMap(\.environment?.name))
        }
        let plan = try await makePlan(for: stage)
        try store.savePlan(plan, run: run.id)
        emit(.planned, stage: reportingStage ?? stage.name, step: step,
             message: PlanRenderer.lines(plan).joined(separator: "\n"),
             details: ["environment": plan.environment, "planHash": plan.hash, "tally": plan.tally,
                       "hasChanges": plan.hasChanges ? "true" : "false"])
        return plan
    }

    /// The run's saved plan for the deploy `stage`, made now when the run has none (a stage run
    /// on its own, or a pipeline without a plan stage) or when the run is planned again
    /// (``RunOptions/replan``; a saved plan that no longer loads is then not read at all).
    func savedPlan(for stage: StageDefinition) async throws -> EnvironmentPlan? {
        guard let environment = stage.environment else { return nil }
        if options.replan { return try await planAndSave(environment: environment.name) }
        if let saved = try store.plan(run: run.id, environment: environment.name), saved.stage == stage.name { return saved }
        return try await planAndSave(environment: environment.name)
    }

    /// Throws ``EngineError/stalePlan(run:step:environment:changes:)`` when a fresh plan of the
    /// step no longer matches `saved`: the actual state changed since (someone changed a
    /// resource, another run deployed) or the desired state did.
    /// `interrupted`: the step was in flight when its run's driver died, so its own partial
    /// apply may have moved the actual state; that is accepted when it is progress on the
    /// approved plan, resource by resource (``StepPlan/allowsInterruptedProgress(to:)``).
    static func checkFresh(_ saved: StepPlan, module: any StepModule, context: StepContext, interrupted: Bool = false) async throws {
        guard saved.snapshot != nil || saved.desired != nil else { return }
        let fresh = try await module.plan(in: context)
        let desiredChanges = JSONValue.differences(from: saved.desired, to: fresh.desired)
        let changes = JSONValue.differences(from: saved.snapshot, to: fresh.snapshot) + desiredChanges.map { "desired state \($0)" }
        if changes.isEmpty { return }
        if interrupted, desiredChanges.isEmpty {
            if saved.allowsInterruptedProgress(to: fresh) { return }
            // A module whose snapshot and desired state share one shape: every change still to
            // make is one the approved plan listed.
            let approved = Set(JSONValue.differences(from: saved.snapshot, to: saved.desired))
            let remaining = JSONValue.differences(from: fresh.snapshot, to: fresh.desired)
            if remaining.allSatisfy(approved.contains) { return }
        }
        throw EngineError.stalePlan(run: context.runID, step: context.step.name, environment: context.environment?.name ?? "-", changes: changes)
    }
}

extension RunExecutor {
    /// The lookup behind ``PlanRecords`` for this run.
    func planRecords() -> PlanRecords {
        let store = self.store, runID = run.id
        return PlanRecords { environment in
            if let own = try store.plan(run: runID, environment: environment) { return own }
            guard let deployment = try store.lastDeployment(environment: environment, excluding: runID) else { return nil }
            return try store.plan(run: deployment.runID, environment: environment)
        }
    }
}
