import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// The executor's part in crash safety, against every store: a resumed run goes on from its
/// last finished step, and an environment has one deployer at a time.
@Suite struct RunExecutorLeaseTests {
    @Test(arguments: StoreFactory.tiered)
    func aResumedRunSkipsFinishedStepsAndRunsTheOneInFlightAgain(_ factory: StoreFactory) async throws {
        let harness = try await EngineHarness(factory)
        let log = harness.folder.url.appendingPathComponent("steps.log").path
        let pipeline = Build.pipeline([
            Build.stage("deploy", environment: Build.environment("dev"), [
                Build.shell("one", "echo one >> '\(log)'"),
                Build.shell("two", "echo two >> '\(log)'"),
            ]),
        ])
        let run = try harness.newRun(pipeline)
        // What a driver killed inside step two leaves: the stage running, step one done, two in flight.
        try harness.store.saveStage(StageRecord(runID: run.id, name: "deploy", status: .running, startedAt: Date()))
        try harness.store.saveStep(StepRecord(runID: run.id, stage: "deploy", name: "one", phase: .apply, status: .succeeded, finishedAt: Date()))
        try harness.store.saveStep(StepRecord(runID: run.id, stage: "deploy", name: "two", phase: .apply, status: .running))
        #expect(await harness.execute(pipeline, run: run, resuming: true) == .succeeded)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "two\n")
        #expect(try harness.store.steps(run: run.id).map(\.status) == [.succeeded, .succeeded])
        #expect(try harness.store.lastDeployment(environment: "dev", excluding: nil)?.runID == run.id)
        #expect(harness.collector.all.contains { $0.kind == .stepSkipped && $0.step == "one" })
    }

    @Test(arguments: StoreFactory.tiered)
    func aHeldEnvironmentFailsTheStageNamingTheHolderOrIsWaitedFor(_ factory: StoreFactory) async throws {
        let harness = try await EngineHarness(factory)
        let pipeline = Build.pipeline([Build.stage("deploy", environment: Build.environment("dev"), [Build.shell("s", "true")])])
        let holder = try harness.newRun(pipeline)
        let key = Lease.environmentKey("dev")
        guard case .acquired(let held, _) = try harness.store.acquireLease(key: key, runID: holder.id, user: "alice", duration: 30) else {
            Issue.record("lease not taken")
            return
        }
        let refused = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: refused) == .failed)
        let message = try harness.store.stages(run: refused.id).first?.message ?? ""
        #expect(message.contains("environment 'dev' is locked by run \(holder.id)"), "\(message)")
        #expect(message.contains("user alice"), "\(message)")
        #expect(try harness.store.lastDeployment(environment: "dev", excluding: nil) == nil)

        // Waiting: the holder releases it a moment later, and the run deploys.
        let waiting = try harness.newRun(pipeline)
        let options = RunOptions(pollInterval: .milliseconds(100), lockWait: .seconds(60))
        let execution = Task { await harness.execute(pipeline, run: waiting, options: options) }
        // Released once the run says it waits.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !harness.collector.all.contains(where: { $0.kind == .warning && ($0.message ?? "").contains("waiting for it") }) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try harness.store.lastDeployment(environment: "dev", excluding: nil) == nil)
        #expect(try harness.store.deleteLease(key: key, token: held.token))
        #expect(await execution.value == .succeeded)
        #expect(try harness.store.lastDeployment(environment: "dev", excluding: nil)?.runID == waiting.id)
        #expect(harness.collector.all.contains { $0.kind == .warning && ($0.message ?? "").contains("waiting for it") })
        #expect(try harness.store.lease(key: key) == nil)  // released after the stage
    }
}
