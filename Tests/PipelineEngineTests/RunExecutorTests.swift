import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

struct RunExecutorTests {
    @Test(arguments: StoreFactory.tiered)
    func stagesRunInDependencyOrder(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let log = harness.folder.url.appendingPathComponent("order.log").path
        let pipeline = Build.pipeline([
            Build.stage("c", after: ["b"], [Build.shell("c", "echo c >> \(log)")]),
            Build.stage("a", [Build.shell("a", "echo a >> \(log)")]),
            Build.stage("b", after: ["a"], [Build.shell("b", "echo b >> \(log)")]),
        ])
        let run = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: run) == .succeeded)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "a\nb\nc\n")
        #expect(try harness.store.run(run.id)?.status == .succeeded)
        #expect(try harness.store.stages(run: run.id).allSatisfy { $0.status == .succeeded })
    }

    @Test(arguments: StoreFactory.tiered)
    func independentStagesRunInParallel(_ store: StoreFactory) async throws {
        // Each stage waits (bounded) for the other's marker: only parallel execution lets both finish.
        func pipeline(markers marker: String) -> PipelineDefinition {
            let wait = { (own: String, other: String) in
                "touch \(marker)/\(own); i=0; while [ ! -f \(marker)/\(other) ] && [ $i -lt 60 ]; do sleep 0.05; i=$((i+1)); done; test -f \(marker)/\(other)"
            }
            return Build.pipeline([
                Build.stage("left", [Build.shell("left", wait("left", "right"))]),
                Build.stage("right", [Build.shell("right", wait("right", "left"))]),
            ])
        }
        let harness = try await EngineHarness(store)
        let parallel = pipeline(markers: harness.folder.url.path)
        let run = try harness.newRun(parallel)
        #expect(await harness.execute(parallel, run: run, options: RunOptions(jobs: 2)) == .succeeded)
        let serial = try await EngineHarness(store)
        let oneAtATime = pipeline(markers: serial.folder.url.path)
        let serialRun = try serial.newRun(oneAtATime)
        #expect(await serial.execute(oneAtATime, run: serialRun, options: RunOptions(jobs: 1)) == .failed)
    }

    @Test(arguments: StoreFactory.tiered)
    func aFailureStopsDependentsButNotIndependentStages(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let pipeline = Build.pipeline([
            Build.stage("build", [Build.shell("compile", "echo compiling; exit 7"), Build.shell("never", "echo never")]),
            Build.stage("deploy", after: ["build"], [Build.shell("deploy", "echo deploy")]),
            Build.stage("docs", [Build.shell("docs", "echo docs")]),
        ])
        let run = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: run) == .failed)
        #expect(try harness.stageStatus(run, "build") == .failed)
        #expect(try harness.stageStatus(run, "deploy") == .blocked)
        #expect(try harness.stageStatus(run, "docs") == .succeeded)
        let steps = try harness.store.steps(run: run.id)
        #expect(steps.first { $0.name == "compile" }?.message?.contains("exited with status 7") == true)
        #expect(!steps.contains { $0.name == "never" })
        #expect(harness.collector.output(ofStep: "compile") == ["compiling"])
    }

    @Test(arguments: StoreFactory.tiered)
    func aStageThatIsNotFailFastRunsEveryStepThenFails(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        var stage = Build.stage("validation", [Build.shell("tables", "exit 1"), Build.shell("templates", "echo checked; exit 2"), Build.shell("third", "true")])
        stage.failFast = false
        let pipeline = Build.pipeline([stage, Build.stage("plan", after: ["validation"], [Build.shell("p", "true")])])
        let run = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: run) == .failed)
        let steps = try harness.store.steps(run: run.id)
        #expect(steps.map(\.status) == [.failed, .failed, .succeeded])
        let record = try #require(try harness.store.stages(run: run.id).first { $0.name == "validation" })
        #expect(record.message?.contains("'tables' failed") == true && record.message?.contains("'templates' failed") == true)
        #expect(try harness.stageStatus(run, "plan") == .blocked)
    }

    @Test(arguments: StoreFactory.tiered)
    func continueOnErrorKeepsTheStageGoing(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let pipeline = Build.pipeline([Build.stage("s", [Build.shell("flaky", "exit 1", continueOnError: true), Build.shell("next", "true")])])
        let run = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: run) == .succeeded)
        #expect(harness.collector.all.contains { $0.kind == .warning && $0.message?.contains("flaky") == true })
    }

    @Test(arguments: StoreFactory.tiered)
    func aStepTimesOutAndItsProcessIsStopped(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let pipeline = Build.pipeline([Build.stage("s", [Build.shell("slow", "sleep 30", timeout: 0.5)])])
        let run = try harness.newRun(pipeline)
        let started = ContinuousClock.now
        #expect(await harness.execute(pipeline, run: run) == .failed)
        // `sleep 30` was stopped: the run ended well before the command would have (the bound is
        // loose because parallel tests can keep both cores busy).
        #expect(ContinuousClock.now - started < .seconds(25))
        let step = try #require(try harness.store.steps(run: run.id).first)
        #expect(step.status == .failed)
        #expect(step.message?.contains("timed out after 0.5s") == true)
    }

    @Test(arguments: StoreFactory.tiered)
    func cancellingARunRecordsItAsCancelled(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let pipeline = Build.pipeline([
            Build.stage("s", [Build.shell("long", "sleep 30")]), Build.stage("after", after: ["s"], [Build.shell("x", "true")]),
        ])
        let run = try harness.newRun(pipeline)
        let task = Task { await harness.execute(pipeline, run: run) }
        // Cancelled while its first step runs.
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, try !harness.store.steps(run: run.id).contains(where: { $0.name == "long" && $0.status == .running }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        let started = ContinuousClock.now
        #expect(await task.value == .cancelled)
        #expect(ContinuousClock.now - started < .seconds(25))
        #expect(try harness.store.run(run.id)?.status == .cancelled)
        #expect(try harness.stageStatus(run, "s") == .cancelled)
        #expect(try harness.stageStatus(run, "after") == .cancelled)
    }

    @Test(arguments: StoreFactory.tiered)
    func eachStepRollbackUndoesAppliedStepsNewestFirst(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let log = harness.folder.url.appendingPathComponent("rollback.log").path
        let environment = Build.environment("dev")
        let pipeline = Build.pipeline([Build.stage("dev", environment: environment, rollback: .eachStep, [
            Build.shell("one", "echo apply-one >> \(log)", rollback: "echo undo-one >> \(log)"),
            Build.shell("two", "echo apply-two >> \(log)", rollback: "echo undo-two >> \(log)"),
            Build.shell("three", "echo apply-three >> \(log); exit 2", rollback: "echo undo-three >> \(log)"),
            Build.shell("four", "echo apply-four >> \(log)", rollback: "echo undo-four >> \(log)"),
        ])])
        let run = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: run) == .rolledBack)
        #expect(try String(contentsOfFile: log, encoding: .utf8)
            == "apply-one\napply-two\napply-three\nundo-three\nundo-two\nundo-one\n")
        #expect(try harness.stageStatus(run, "dev") == .rolledBack)
        #expect(try harness.store.lastDeployment(environment: "dev", excluding: nil) == nil)
    }

    @Test(arguments: StoreFactory.tiered)
    func aFailedRollbackIsReportedLoudly(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let pipeline = Build.pipeline([Build.stage("dev", rollback: .steps([Build.shell("restore", "echo restoring; exit 9")]),
                                                   [Build.shell("deploy", "exit 1")])])
        let run = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: run) == .rollbackFailed)
        let finished = try #require(harness.collector.all.first { $0.kind == .rollbackFinished })
        #expect(finished.status == "rollbackFailed")
        #expect(finished.message?.contains("ROLLBACK FAILED") == true)
        #expect(harness.collector.all.last?.message?.contains("ROLLBACK FAILED") == true)
    }

    @Test(arguments: StoreFactory.tiered)
    func previousDeploymentRollbackTargetsTheLastDeployedCommit(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let log = harness.folder.url.appendingPathComponent("target.log").path
        let environment = Build.environment("dev")
        let good = Build.pipeline([Build.stage("dev", environment: environment, rollback: .previousDeployment,
                                               [Build.shell("deploy", "true", rollback: "echo \"target=$PIPELINE_ROLLBACK_COMMIT\" >> \(log)")])])
        let first = try harness.newRun(good, commit: "1111111111111111")
        #expect(await harness.execute(good, run: first) == .succeeded)
        let bad = Build.pipeline([Build.stage("dev", environment: environment, rollback: .previousDeployment,
                                              [Build.shell("deploy", "exit 1", rollback: "echo \"target=$PIPELINE_ROLLBACK_COMMIT\" >> \(log)")])])
        let second = try harness.newRun(bad, commit: "2222222222222222")
        #expect(await harness.execute(bad, run: second) == .rolledBack)
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "target=1111111111111111\n")
        #expect(try harness.store.lastDeployment(environment: "dev", excluding: nil)?.commit == "1111111111111111")
    }

    @Test(arguments: StoreFactory.tiered)
    func secretsAreMaskedInEventsAndTheLogFile(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let pipeline = Build.pipeline([Build.stage("s", [Build.shell("leak", "echo token=hunter2-secret-value; echo hunter2-secret-value >&2; exit 1")])])
        let run = try harness.newRun(pipeline)
        _ = await harness.execute(pipeline, run: run, secrets: ["hunter2-secret-value"])
        let file = try String(contentsOfFile: harness.folder.url.appendingPathComponent(".pipeline/runs/\(run.id)/events.jsonl").path, encoding: .utf8)
        let stored = try harness.store.events(run: run.id).map { String(decoding: $0, as: UTF8.self) }.joined()
        let collected = harness.collector.all.map { String(decoding: $0.jsonLine(), as: UTF8.self) }.joined()
        for text in [file, stored, collected] {
            #expect(!text.contains("hunter2"))
            #expect(text.contains("token=***"))
        }
    }

    @Test(arguments: StoreFactory.tiered)
    func preflightRefusesAStageWhoseDependencyHasNotSucceeded(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let pipeline = Build.pipeline([Build.stage("plan", [Build.shell("p", "true")]), Build.stage("dev", after: ["plan"], [Build.shell("d", "true")])])
        #expect(throws: EngineError.self) {
            try RunExecutor.preflight(definition: pipeline, options: RunOptions(stage: "dev"), store: harness.store, commit: "abc")
        }
        try RunExecutor.preflight(definition: pipeline, options: RunOptions(stage: "dev", force: true), store: harness.store, commit: "abc")
        let run = try harness.newRun(pipeline, commit: "abc", stage: "plan")
        #expect(await harness.execute(pipeline, run: run, options: RunOptions(stage: "plan")) == .succeeded)
        try RunExecutor.preflight(definition: pipeline, options: RunOptions(stage: "dev"), store: harness.store, commit: "abc")
        #expect(throws: EngineError.self) {
            try RunExecutor.preflight(definition: pipeline, options: RunOptions(stage: "dev"), store: harness.store, commit: "other")
        }
        let only = try harness.newRun(pipeline, commit: "abc", stage: "dev")
        #expect(await harness.execute(pipeline, run: only, options: RunOptions(stage: "dev")) == .succeeded)
        #expect(try harness.store.stages(run: only.id).map(\.name) == ["dev"])
    }
}
