import Foundation
import PipelineEngine
import PipelineModel
import TestTiers
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
        try harness.approve(run, definition, stage: stage, role: role, as: who)
    }

    @Test(arguments: StoreFactory.tiered)
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

    @Test(arguments: StoreFactory.tiered)
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
        refused("Tech Lead", "lead@x", "not waiting at the gate of stage 'prod'")
        #expect(await harness.execute(pipeline, run: run) == .awaitingApproval)
        refused("Tech Lead", "stranger@x", "not a trusted approver")
        refused("QA Lead", "qa@x", "takes approvals from")
        refused("Product Owner", "lead@x", "does not hold role 'Product Owner'")
        refused("Tech Lead", "lead@x", stage: "sit", "has no approval gate")
        try approve(harness, run, pipeline, stage: "prod", role: "Tech Lead", as: "lead@x")
        // One person cannot fill two roles of one gate, even one they hold.
        var twoRoles = pipeline
        twoRoles.approvers.members["lead@x"] = ["Tech Lead", "DevOps Lead"]
        do {
            try harness.approve(run, twoRoles, stage: "prod", role: "DevOps Lead", as: "lead@x")
            Issue.record("a second role by the same person was accepted")
        } catch {
            #expect("\(error)".contains("one person cannot fill two roles"))
        }
        #expect(try harness.store.approvals(run: run.id, stage: "prod").count == 1)
    }

    @Test(arguments: StoreFactory.tiered)
    func selfApprovalIsRefusedUnlessTheGateAllowsIt(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let strict = GateDefinition(requiredRoles: ["Tech Lead"])
        let pipeline = Build.pipeline([Build.stage("prod", gate: strict, [Build.shell("d", "echo deployed")])],
                                      approvers: ["author@x": ["Tech Lead"], "starter": ["Tech Lead"]])
        let run = try harness.newRun(pipeline, triggeredBy: "starter", author: "The Author <Author@X>")
        #expect(await harness.execute(pipeline, run: run) == .awaitingApproval)
        for who in ["author@x", "starter"] {
            #expect(throws: EngineError.self) { try harness.approve(run, pipeline, stage: "prod", role: "Tech Lead", as: who) }
        }
        var lenient = pipeline
        lenient.stages[0].gate?.preventSelfApproval = false
        #expect(try harness.approve(run, lenient, stage: "prod", role: "Tech Lead", as: "author@x").standing.satisfied)
    }

    @Test(arguments: StoreFactory.tiered)
    func aRejectionFailsTheGateWithItsReason(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let gate = GateDefinition(requiredRoles: ["Tech Lead", "QA Lead"])
        let pipeline = Build.pipeline([Build.stage("prod", gate: gate, [Build.shell("d", "echo deployed")])],
                                      approvers: ["lead@x": ["Tech Lead"], "qa@x": ["QA Lead"]])
        let run = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: run) == .awaitingApproval)
        try harness.approve(run, pipeline, stage: "prod", role: "Tech Lead", as: "lead@x")
        try harness.approve(run, pipeline, stage: "prod", role: "QA Lead", as: "qa@x", decision: .reject, reason: "login page broken in SIT")
        // Nobody drives the paused run, so the rejection fails it at once; a resume cannot pass the gate.
        #expect(try harness.store.run(run.id)?.status == .failed)
        #expect(try harness.stageStatus(run, "prod") == .failed)
        #expect(try harness.store.stages(run: run.id).first { $0.name == "prod" }?.message?.contains("login page broken in SIT") == true)
        #expect(throws: EngineError.self) { try harness.approve(run, pipeline, stage: "prod", role: "QA Lead", as: "qa@x") }
        #expect(harness.collector.output(ofStep: "d").isEmpty)
    }

    @Test(arguments: StoreFactory.tiered)
    func aRejectionFailsAGateARunIsWaitingAt(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let gate = GateDefinition(requiredRoles: ["QA Lead"])
        let pipeline = Build.pipeline([Build.stage("sit", gate: gate, [Build.shell("d", "echo deployed")])], approvers: ["qa@x": ["QA Lead"]])
        let run = try harness.newRun(pipeline)
        let rejecter = Task {
            for _ in 0..<100 where try harness.stageStatus(run, "sit") != .awaitingApproval { try await Task.sleep(for: .milliseconds(50)) }
            try harness.approve(run, pipeline, stage: "sit", role: "QA Lead", as: "qa@x", decision: .reject, reason: "not today")
        }
        let status = await harness.execute(pipeline, run: run, options: RunOptions(wait: .seconds(20), pollInterval: .milliseconds(50)))
        try await rejecter.value
        #expect(status == .failed)
        #expect(harness.collector.all.contains { $0.kind == .gateRejected && $0.message?.contains("not today") == true })
        #expect(harness.collector.output(ofStep: "d").isEmpty)
    }

    @Test(arguments: StoreFactory.tiered)
    func aStatementCountsOnce(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let gate = GateDefinition(requiredRoles: [], roles: ["Tech Lead"], minimumApprovers: 2)
        let pipeline = Build.pipeline([Build.stage("prod", gate: gate, [Build.shell("d", "echo deployed")])],
                                      approvers: ["a@x": ["Tech Lead"], "b@x": ["Tech Lead"]])
        let run = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: run) == .awaitingApproval)
        let first = try harness.approve(run, pipeline, stage: "prod", role: "Tech Lead", as: "a@x").approval
        var replay = first
        replay.approver = "b@x"
        do {
            let current = try #require(try harness.store.run(run.id))
            let situation = try GatePolicy.situation(stage: "prod", run: current, definition: pipeline, store: harness.store,
                                                     proposed: TrustRoot(proposedBy: pipeline, signers: "", commit: run.commit))
            try GatePolicy.record(replay, run: current, situation: situation, store: harness.store, contributors: [])
            Issue.record("a replayed statement was accepted")
        } catch {
            #expect("\(error)".contains("already been recorded"), "\(error)")
        }
    }

    @Test(.fast) func approvalsAreBoundToTheRunsCommit() {
        let gate = GateDefinition(requiredRoles: ["Tech Lead"])
        let stale = ApprovalRecord(runID: "r", stage: "prod", role: "Tech Lead", approver: "lead@x", commit: "old")
        #expect(!GatePolicy.standing(of: gate, approvals: [stale], commit: "new").satisfied)
        #expect(GatePolicy.standing(of: gate, approvals: [stale], commit: "old").satisfied)
    }

    @Test(arguments: StoreFactory.tiered)
    func waitPollsForApprovalsInsteadOfPausing(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let gate = GateDefinition(requiredRoles: ["Lead Developer"])
        let pipeline = Build.pipeline([Build.stage("dev", gate: gate, [Build.shell("d", "echo deployed")])], approvers: ["lead@x": ["Lead Developer"]])
        let run = try harness.newRun(pipeline)
        let approver = Task {
            for _ in 0..<100 where try harness.stageStatus(run, "dev") != .awaitingApproval { try await Task.sleep(for: .milliseconds(50)) }
            try approve(harness, run, pipeline, stage: "dev", role: "Lead Developer", as: "lead@x")
        }
        let status = await harness.execute(pipeline, run: run, options: RunOptions(wait: .seconds(20), pollInterval: .milliseconds(100)))
        try await approver.value
        #expect(status == .succeeded)
        let timedOut = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: timedOut, options: RunOptions(wait: .milliseconds(300), pollInterval: .milliseconds(100))) == .awaitingApproval)
    }

    @Test(.fast) func countGates() {
        let gate = GateDefinition(requiredRoles: [], roles: ["A", "B"], minimumApprovers: 2)
        let one = ApprovalRecord(runID: "r", stage: "s", role: "A", approver: "1", commit: nil)
        let two = ApprovalRecord(runID: "r", stage: "s", role: "A", approver: "2", commit: nil)
        #expect(!GatePolicy.standing(of: gate, approvals: [one], commit: nil).satisfied)
        #expect(GatePolicy.standing(of: gate, approvals: [one, two], commit: nil).satisfied)
    }
}
