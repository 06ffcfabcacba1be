import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

@Suite(.fast) struct SQLiteRunStoreTests {
    @Test func twoConnectionsRaceForTheLastApproval() async throws {
        let folder = try TemporaryDirectory()
        let directory = folder.url.appendingPathComponent(".pipeline")
        let first = try SQLiteRunStore(directory: directory)
        let second = try SQLiteRunStore(directory: directory)
        let run = RunRecord(id: "r1", pipeline: "p", pipelineFile: "f", document: Data("{}".utf8), triggeredBy: "me")
        try first.createRun(run)
        let gate = GateDefinition(requiredRoles: ["Tech Lead"])
        let stage = StageDefinition(name: "prod", gate: gate, steps: [], location: .init(file: "f", line: 1))
        let approvers = PipelineDefinition.Approvers(members: ["a@x": ["Tech Lead"], "b@x": ["Tech Lead"]], allowUnsigned: true)
        // Both try to take the single Tech Lead place at once; exactly one may win.
        let results = await withTaskGroup(of: Bool.self) { group in
            for (store, who) in [(first, "a@x"), (second, "b@x")] {
                group.addTask {
                    do {
                        let approval = ApprovalRecord(runID: "r1", stage: "prod", role: "Tech Lead", approver: who, commit: nil)
                        try store.addApproval(approval) {
                            try GatePolicy.check(approval, stage: stage, gate: gate, run: run, approvers: approvers, existing: $0, planHash: nil, waiting: true)
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        #expect(try second.approvals(run: "r1", stage: "prod").count == 1)
    }

    @Test func recordsSurviveReopening() throws {
        let folder = try TemporaryDirectory()
        do {
            let store = try SQLiteRunStore(directory: folder.url)
            try store.createRun(RunRecord(id: "x", pipeline: "p", pipelineFile: "f", document: Data("{\"a\":1}".utf8), commit: "abc", triggeredBy: "me"))
            try store.saveStage(StageRecord(runID: "x", name: "s", status: .succeeded, startedAt: Date(), finishedAt: Date()))
            try store.recordDeployment(DeploymentRecord(environment: "dev", runID: "x", commit: "abc"))
        }
        let reopened = try SQLiteRunStore(directory: folder.url)
        #expect(try reopened.run("x")?.document == Data("{\"a\":1}".utf8))
        #expect(try reopened.stageSucceeded(pipeline: "p", stage: "s", commit: "abc"))
        #expect(try !reopened.stageSucceeded(pipeline: "p", stage: "s", commit: "other"))
        #expect(try reopened.lastDeployment(environment: "dev", excluding: nil)?.commit == "abc")
        #expect(try reopened.lastDeployment(environment: "dev", excluding: "x") == nil)
    }
}
