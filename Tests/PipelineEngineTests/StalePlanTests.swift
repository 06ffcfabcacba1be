import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// A stale plan never rolls back and never strands a run: the refused step changes nothing, the
/// stage is not rolled back, and `resume --replan` plans the environment again, asks its gate for
/// approvals of the new plan and carries on.
struct StalePlanTests {
    var registry: StepRegistry { FileResourceStep.registry }

    func pipeline() -> PipelineDefinition {
        let gate = GateDefinition(requiredRoles: ["Lead Developer"])
        let dev = Build.environment("dev", gate: gate)
        let plan = StepDefinition(kind: "plan", name: "plan-dev", parameters: ["environment": .string("dev")], environment: dev,
                                  location: Build.location)
        return Build.pipeline([
            Build.stage("plan", [plan]),
            Build.stage("dev", after: ["plan"], environment: dev, gate: gate, rollback: .eachStep, [
                FileResourceStep.definition("first", path: "first.txt", content: "v1"),
                FileResourceStep.definition("second", path: "second.txt", content: "v1"),
            ]),
        ], approvers: ["lead@x": ["Lead Developer"]])
    }

    func file(_ harness: EngineHarness, _ name: String) -> String? {
        try? String(contentsOf: harness.folder.url.appendingPathComponent(name), encoding: .utf8)
    }

    @Test(arguments: StoreFactory.tiered)
    func aStalePlanStopsTheStageWithoutRollingBackAndReplanningFinishesIt(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let definition = pipeline()
        let run = try harness.newRun(definition)
        #expect(await harness.execute(definition, run: run, registry: registry) == .awaitingApproval)
        let approvedPlan = try #require(try harness.store.plan(run: run.id, environment: "dev"))
        try harness.approve(run, definition, stage: "dev", role: "Lead Developer", as: "lead@x")
        // The second resource is changed by hand after the plan was approved.
        try Data("by hand".utf8).write(to: harness.folder.url.appendingPathComponent("second.txt"))

        #expect(await harness.execute(definition, run: run, resuming: true, registry: registry) == .failed)
        #expect(file(harness, "first.txt") == "v1", "the first step's apply stands: a stale plan rolls nothing back")
        #expect(file(harness, "second.txt") == "by hand", "the refused step changed nothing")
        let steps = try harness.store.steps(run: run.id)
        #expect(!steps.contains { $0.phase == .rollback }, "\(steps.map { "\($0.name) \($0.phase) \($0.status)" })")
        let second = try #require(steps.first { $0.name == "second" && $0.phase == .apply })
        #expect(second.message?.contains("pipeline resume \(run.id) --replan") == true, "\(second.message ?? "")")
        #expect(try harness.stageStatus(run, "dev") == .failed)
        #expect(try harness.store.run(run.id)?.status == .failed, "the run stays resumable")
        #expect(!harness.collector.all.contains { $0.kind == .rollbackStarted })

        // Resumed without replanning: refused again, still nothing rolled back.
        #expect(await harness.execute(definition, run: run, resuming: true, registry: registry) == .failed)
        #expect(file(harness, "second.txt") == "by hand")

        // Replanned: a new plan (the first resource now unchanged, the second to update), which
        // the gate's earlier approval does not cover.
        #expect(await harness.execute(definition, run: run, options: RunOptions(replan: true), resuming: true, registry: registry) == .awaitingApproval)
        let replanned = try #require(try harness.store.plan(run: run.id, environment: "dev"))
        #expect(replanned.hash != approvedPlan.hash)
        #expect(replanned.steps.map { $0.plan.changes.map(\.action) } == [[.noChange], [.update]])
        #expect(file(harness, "second.txt") == "by hand", "nothing applied before the new plan is approved")
        try harness.approve(run, definition, stage: "dev", role: "Lead Developer", as: "lead@x")
        #expect(await harness.execute(definition, run: run, resuming: true, registry: registry) == .succeeded)
        #expect(file(harness, "second.txt") == "v1")
        #expect(try harness.store.lastDeployment(environment: "dev", excluding: nil)?.runID == run.id)
    }

    @Test(.fast) func aSavedPlanThatNoLongerLoadsIsNotReadWhenReplanning() async throws {
        let harness = try await EngineHarness()
        let definition = pipeline()
        let run = try harness.newRun(definition)
        #expect(await harness.execute(definition, run: run, registry: registry) == .awaitingApproval)
        // A plan that was saved for another commit stands in for one that cannot be used; with
        // --replan it is replaced rather than applied.
        let saved = try #require(try harness.store.plan(run: run.id, environment: "dev"))
        let other = EnvironmentPlan(pipeline: saved.pipeline, environment: Build.environment("dev"), stage: "dev", commit: "0ther",
                                    runID: run.id, steps: [])
        try harness.store.savePlan(other, run: run.id)
        #expect(await harness.execute(definition, run: run, options: RunOptions(replan: true), resuming: true, registry: registry) == .awaitingApproval)
        let replanned = try #require(try harness.store.plan(run: run.id, environment: "dev"))
        #expect(replanned.commit == "c0ffee" && replanned.steps.map(\.name) == ["first", "second"])
    }
}
