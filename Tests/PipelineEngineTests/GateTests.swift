import Foundation
import PipelineEngine
import PipelineModel
import Testing

struct GateTests {
    let approvers = ["lead@x": ["Lead Developer", "Tech Lead"], "qa@x": ["QA Lead"], "po@x": ["Product Owner"], "ops@x": ["DevOps Lead"]]

    func prodPipeline() -> PipelineDefinition {
        let gate = GateDefinition(requiredRoles: ["Tech Lead", "Product Owner", "DevOps Lead"])
        return Build.pipeline([
            Build.stage("sit", [Build.shell("sit", "echo sit")]),
            Build.stage("prod", after: ["sit"], environment: Build.environment("prod", gate: gate), gate: gate, [Build.shell("deploy", "echo deploying prod")]),
        ], approvers: approvers)
    }

    func approve(_ harness: EngineHarness, _ run: RunRecord, _ definition: PipelineDefinition, stage: String, role: String, as who: String) throws {
        try GatePolicy.approve(stage: stage, role: role, approver: who, run: run, definition: definition, store: harness.store)
    }

    @Test(arguments: StoreFactory.allCases)
    func pauseApproveThreeTimesResume(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let pipeline = prodPipeline()
        let run = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: run) == .awaitingApproval)
        #expect(try harness.stageStatus(run, "sit") == .succeeded)
        #expect(try harness.stageStatus(run, "prod") == .awaitingApproval)
        #expect(try harness.store.run(run.id)?.status == .awaitingApproval)
        let waiting = try #require(harness.collector.all.first { $0.kind == .gateWaiting })
        #expect(waiting.details?["missingRoles"] == "Tech Lead,Product Owner,DevOps Lead")

        try approve(harness, run, pipeline, stage: "prod", role: "Tech Lead", as: "lead@x")
        try approve(harness, run, pipeline, stage: "prod", role: "Product Owner", as: "po@x")
        #expect(await harness.execute(pipeline, run: run, resuming: true) == .awaitingApproval)
        try approve(harness, run, pipeline, stage: "prod", role: "DevOps Lead", as: "ops@x")
        #expect(await harness.execute(pipeline, run: run, resuming: true) == .succeeded)
        #expect(harness.collector.output(ofStep: "sit") == ["sit"])  // sit did not run again on resume
        #expect(harness.collector.output(ofStep: "deploy") == ["deploying prod"])
        #expect(try harness.store.lastDeployment(environment: "prod", excluding: nil)?.runID == run.id)
    }

    @Test(arguments: StoreFactory.allCases)
    func refusals(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let pipeline = prodPipeline()
        let run = try harness.newRun(pipeline)
        func refused(_ role: String, _ who: String, stage: String = "prod", _ fragment: String) {
            do {
                try approve(harness, run, pipeline, stage: stage, role: role, as: who)
                Issue.record("approval by \(who) as \(role) was accepted")
            } catch {
                #expect("\(error)".contains(fragment), "\(error)")
            }
        }
        refused("Tech Lead", "stranger@x", "not a declared approver")
        refused("QA Lead", "qa@x", "takes approvals from")
        refused("Product Owner", "lead@x", "does not hold role 'Product Owner'")
        refused("Tech Lead", "lead@x", stage: "sit", "has no approval gate")
        try approve(harness, run, pipeline, stage: "prod", role: "Tech Lead", as: "lead@x")
        // One person cannot fill two roles of one gate, even one they hold.
        var twoRoles = pipeline
        twoRoles.approvers.members["lead@x"] = ["Tech Lead", "DevOps Lead"]
        do {
            let gated = try #require(twoRoles.stage(named: "prod"))
            try harness.store.addApproval(ApprovalRecord(runID: run.id, stage: "prod", role: "DevOps Lead", approver: "lead@x", commit: run.commit)) {
                try GatePolicy.check(approver: "lead@x", role: "DevOps Lead", stage: gated, run: run, approvers: twoRoles.approvers, existing: $0)
            }
            Issue.record("a second role by the same person was accepted")
        } catch {
            #expect("\(error)".contains("one person cannot fill two roles"))
        }
        #expect(try harness.store.approvals(run: run.id, stage: "prod").count == 1)
    }

    @Test func approvalsAreBoundToTheRunsCommit() {
        let gate = GateDefinition(requiredRoles: ["Tech Lead"])
        let stale = ApprovalRecord(runID: "r", stage: "prod", role: "Tech Lead", approver: "lead@x", commit: "old")
        #expect(!GatePolicy.standing(of: gate, approvals: [stale], commit: "new").satisfied)
        #expect(GatePolicy.standing(of: gate, approvals: [stale], commit: "old").satisfied)
    }

    @Test(arguments: StoreFactory.allCases)
    func waitPollsForApprovalsInsteadOfPausing(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let gate = GateDefinition(requiredRoles: ["Lead Developer"])
        let pipeline = Build.pipeline([Build.stage("dev", gate: gate, [Build.shell("d", "echo deployed")])], approvers: ["lead@x": ["Lead Developer"]])
        let run = try harness.newRun(pipeline)
        let approver = Task {
            try await Task.sleep(for: .milliseconds(400))
            try approve(harness, run, pipeline, stage: "dev", role: "Lead Developer", as: "lead@x")
        }
        let status = await harness.execute(pipeline, run: run, options: RunOptions(wait: .seconds(20), pollInterval: .milliseconds(100)))
        try await approver.value
        #expect(status == .succeeded)
        let timedOut = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: timedOut, options: RunOptions(wait: .milliseconds(300), pollInterval: .milliseconds(100))) == .awaitingApproval)
    }

    @Test func countGates() {
        let gate = GateDefinition(requiredRoles: [], roles: ["A", "B"], minimumApprovers: 2)
        let one = ApprovalRecord(runID: "r", stage: "s", role: "A", approver: "1", commit: nil)
        let two = ApprovalRecord(runID: "r", stage: "s", role: "A", approver: "2", commit: nil)
        #expect(!GatePolicy.standing(of: gate, approvals: [one], commit: nil).satisfied)
        #expect(GatePolicy.standing(of: gate, approvals: [one, two], commit: nil).satisfied)
    }
}
