import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// Saved plans: made by the plan stage, shown at the gate, bound to approvals, applied exactly,
/// refused when stale.
struct PlanTests {
    let approvers = ["lead@x": ["Lead Developer"]]
    var registry: StepRegistry { FileResourceStep.registry }

    func pipeline(content: String = "v1", fail: Bool = false) -> PipelineDefinition {
        let gate = GateDefinition(requiredRoles: ["Lead Developer"])
        let dev = Build.environment("dev", gate: gate)
        let plan = StepDefinition(kind: "plan", name: "plan-dev", parameters: ["environment": .string("dev")], environment: dev,
                                  location: Build.location)
        var steps = [FileResourceStep.definition("resource", path: "live.txt", content: content)]
        if fail { steps.append(Build.shell("smoke", "exit 1")) }
        return Build.pipeline([
            Build.stage("plan", [plan]),
            Build.stage("dev", after: ["plan"], environment: dev, gate: gate, rollback: .eachStep, steps),
        ], approvers: approvers)
    }

    func live(_ harness: EngineHarness) -> String? {
        try? String(contentsOf: harness.folder.url.appendingPathComponent("live.txt"), encoding: .utf8)
    }

    @Test(arguments: StoreFactory.tiered)
    func thePlanStageSavesAPlanTheGateShowsAndTheApprovalRecords(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let definition = pipeline()
        let run = try harness.newRun(definition)
        #expect(await harness.execute(definition, run: run, registry: registry) == .awaitingApproval)
        let plan = try #require(try harness.store.plan(run: run.id, environment: "dev"))
        #expect(plan.stage == "dev" && plan.commit == "c0ffee" && plan.hasChanges)
        #expect(plan.steps.map(\.name) == ["resource"])
        #expect(plan.steps[0].plan.changes.map(\.action) == [.create])
        #expect(plan.isIntact && plan.hash.count == 64)
        #expect(live(harness) == nil, "planning changed nothing")

        let waiting = try #require(harness.collector.all.first { $0.kind == .gateWaiting })
        #expect(waiting.details?["planHash"] == plan.hash)
        #expect(waiting.details?["plan"]?.contains("+ file live.txt") == true)
        #expect(harness.collector.all.contains { $0.kind == .planned && $0.details?["planHash"] == plan.hash })

        let (approval, standing) = try harness.approve(run, definition, stage: "dev", role: "Lead Developer", as: "lead@x")
        #expect(approval.planHash == plan.hash && standing.satisfied)
        #expect(await harness.execute(definition, run: run, resuming: true, registry: registry) == .succeeded)
        #expect(live(harness) == "v1")
    }

    @Test(arguments: StoreFactory.tiered)
    func aPlanMadeStaleBehindTheRunnersBackIsRefusedAndNothingChanges(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let definition = pipeline()
        let run = try harness.newRun(definition)
        #expect(await harness.execute(definition, run: run, registry: registry) == .awaitingApproval)
        try harness.approve(run, definition, stage: "dev", role: "Lead Developer", as: "lead@x")
        // Someone changes the live resource between plan and apply.
        try Data("by hand".utf8).write(to: harness.folder.url.appendingPathComponent("live.txt"))

        #expect(await harness.execute(definition, run: run, resuming: true, registry: registry) == .failed, "nothing was applied, so nothing was rolled back")
        let steps = try harness.store.steps(run: run.id)
        let apply = try #require(steps.first { $0.name == "resource" && $0.phase == .apply })
        #expect(apply.status == .failed)
        #expect(apply.message?.contains("plan is stale: content: added \"by hand\"") == true, "\(apply.message ?? "")")
        #expect(apply.message?.contains("pipeline resume \(run.id) --replan") == true, "\(apply.message ?? "")")
        #expect(!steps.contains { $0.name == "resource" && $0.phase == .rollback }, "a refused step is not rolled back")
        #expect(live(harness) == "by hand", "nothing was applied over the change")
    }

    @Test(.fast, arguments: [("v1", true), ("by hand", false)])
    func aStepInFlightWhenItsDriverDiedMayFinishItsOwnApplyButNotOverAHandChange(_ found: String, accepted: Bool) async throws {
        let harness = try await EngineHarness()
        let definition = pipeline()
        let run = try harness.newRun(definition)
        #expect(await harness.execute(definition, run: run, registry: registry) == .awaitingApproval)
        try harness.approve(run, definition, stage: "dev", role: "Lead Developer", as: "lead@x")
        // The driver died during the step: the resource is as its own apply left it ("v1"), or
        // as someone changed it by hand meanwhile.
        try harness.store.saveStep(StepRecord(runID: run.id, stage: "dev", name: "resource", phase: .apply, status: .running))
        try Data(found.utf8).write(to: harness.folder.url.appendingPathComponent("live.txt"))
        let status = await harness.execute(definition, run: run, resuming: true, registry: registry)
        #expect(status == (accepted ? .succeeded : .failed))
        let apply = try #require(try harness.store.steps(run: run.id).first { $0.name == "resource" && $0.phase == .apply })
        #expect((apply.message ?? "").contains("plan is stale") == !accepted, "\(apply.message ?? "")")
        #expect(live(harness) == found)
    }

    @Test(arguments: StoreFactory.tiered)
    func aNewPlanVoidsEarlierApprovals(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let definition = pipeline()
        let run = try harness.newRun(definition)
        #expect(await harness.execute(definition, run: run, registry: registry) == .awaitingApproval)
        try harness.approve(run, definition, stage: "dev", role: "Lead Developer", as: "lead@x")
        // The environment is planned again (for another desired state): the approval was for the old plan.
        let old = try #require(try harness.store.plan(run: run.id, environment: "dev"))
        var steps = old.steps
        steps[0].plan.desired = .object(["content": .string("v2")])
        let newer = EnvironmentPlan(pipeline: old.pipeline, environment: Build.environment("dev"), stage: "dev", commit: old.commit,
                                    runID: run.id, steps: steps)
        #expect(newer.hash != old.hash)
        try harness.store.savePlan(newer, run: run.id)
        #expect(await harness.execute(definition, run: run, resuming: true, registry: registry) == .awaitingApproval)
        #expect(live(harness) == nil)
    }

    @Test(arguments: StoreFactory.tiered)
    func theRollbackOfAFailedDeployUsesThePlansSnapshot(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        try Data("v0".utf8).write(to: harness.folder.url.appendingPathComponent("live.txt"))
        let definition = pipeline(fail: true)
        let run = try harness.newRun(definition)
        #expect(await harness.execute(definition, run: run, registry: registry) == .awaitingApproval)
        try harness.approve(run, definition, stage: "dev", role: "Lead Developer", as: "lead@x")
        #expect(await harness.execute(definition, run: run, resuming: true, registry: registry) == .rolledBack)
        #expect(live(harness) == "v0")
    }

    @Test(.fast) func planDocumentsRoundTripAndRefuseEditsAndOtherVersions() throws {
        let plan = EnvironmentPlan(
            pipeline: "p", environment: Build.environment("dev"), stage: "dev", commit: "abc", runID: "r",
            steps: [.init(name: "s", kind: "file-resource", plan: StepPlan(
                changes: [PlannedChange(action: .update, type: "file", resource: "a",
                                        attributes: [AttributeChange(path: "content", action: .update, before: .string("x"), after: .string("y"))])],
                desired: .object(["content": .string("y")]), snapshot: .object(["content": .string("x")])))])
        let data = try plan.jsonData()
        let decoded = try EnvironmentPlan.decode(data, source: "plan.json")
        #expect(decoded == plan)
        let edited = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"y\"", with: "\"z\"")
        #expect(throws: EngineError.self) { try EnvironmentPlan.decode(Data(edited.utf8), source: "plan.json") }
        let future = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 9")
        do {
            _ = try EnvironmentPlan.decode(Data(future.utf8), source: "plan.json")
            Issue.record("a plan of another format version was accepted")
        } catch {
            #expect("\(error)".contains("format version 9"))
        }
        #expect(PlanRenderer.lines(plan).contains("        ~ content: \"x\" → \"y\""))
        #expect(plan.tally == "0 to add, 1 to change, 0 to destroy")
    }
}
