import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// What a cancelled or timed-out stage leads to, and how much of a step's output is kept.
@Suite(.fast) struct StopAndOutputTests {
    @Test func aCancelledStageThatAppliedAStepRunsItsRollbackPath() async throws {
        let harness = try await EngineHarness()
        let live = harness.folder.url.appendingPathComponent("live.txt").path
        let pipeline = Build.pipeline([
            Build.stage("deploy", rollback: .eachStep, [
                Build.shell("change", "echo v2 > live.txt", rollback: "echo v1 > live.txt"),
                Build.shell("wait", "touch waiting; sleep 30"),
            ]),
        ])
        let run = try harness.newRun(pipeline)
        let task = Task { await harness.execute(pipeline, run: run) }
        let marker = harness.folder.url.appendingPathComponent("waiting").path
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: marker) { try await Task.sleep(for: .milliseconds(50)) }
        task.cancel()
        #expect(await task.value == .cancelled)
        #expect(try String(contentsOfFile: live, encoding: .utf8) == "v1\n")
        #expect(try harness.stageStatus(run, "deploy") == .cancelled)
        let rollback = try harness.store.steps(run: run.id).filter { $0.phase == .rollback }
        #expect(rollback.first { $0.name == "change" }?.status == .succeeded, "\(rollback)")
        #expect(harness.collector.all.contains { $0.kind == .rollbackFinished && $0.status == StageStatus.rolledBack.rawValue })
    }

    @Test func aCancelledStageWhoseRollbackFailsSaysSo() async throws {
        let harness = try await EngineHarness()
        let pipeline = Build.pipeline([
            Build.stage("deploy", rollback: .eachStep, [Build.shell("change", "touch waiting; sleep 30", rollback: "exit 7")]),
        ])
        let run = try harness.newRun(pipeline)
        let task = Task { await harness.execute(pipeline, run: run) }
        let marker = harness.folder.url.appendingPathComponent("waiting").path
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: marker) { try await Task.sleep(for: .milliseconds(50)) }
        task.cancel()
        #expect(await task.value == .rollbackFailed)
        #expect(try harness.stageStatus(run, "deploy") == .rollbackFailed)
    }

    @Test func aTimedOutStageRunsItsRollbackPathLikeAFailedOne() async throws {
        let harness = try await EngineHarness()
        let live = harness.folder.url.appendingPathComponent("live.txt").path
        let pipeline = Build.pipeline([
            Build.stage("deploy", rollback: .eachStep, [Build.shell("change", "echo v2 > live.txt; sleep 30", rollback: "echo v1 > live.txt", timeout: 0.5)]),
        ])
        let run = try harness.newRun(pipeline)
        #expect(await harness.execute(pipeline, run: run) == .rolledBack)
        #expect(try String(contentsOfFile: live, encoding: .utf8) == "v1\n")
    }

    @Test func outputPastTheLimitGoesOnlyToTheStepsLogFile() async throws {
        let harness = try await EngineHarness()
        let directory = harness.folder.url.appendingPathComponent("run")
        let pipeline = Build.pipeline([Build.stage("s", [Build.shell("loud", "seq 1 5000; echo secret-value-1234")])])
        let run = try harness.newRun(pipeline)
        let options = RunOptions(runDirectory: directory, stepOutputLimit: 1000)
        #expect(await harness.execute(pipeline, run: run, options: options, secrets: ["secret-value-1234"]) == .succeeded)
        let kept = harness.collector.output(ofStep: "loud")
        let log = directory.appendingPathComponent("logs/s.loud.apply.log")
        // 1..9 take 18 bytes, 10..99 270, 100..277 712: 1000 exactly; "278\n" would pass the limit.
        #expect(kept.count == 278, "\(kept.suffix(3))")
        #expect(kept.last == "output truncated after 1000 bytes (277 lines); full log at \(log.path)")
        let full = try String(contentsOf: log, encoding: .utf8)
        #expect(full.hasPrefix("1\n2\n3\n"))
        #expect(full.hasSuffix("4999\n5000\n***\n"), "the full log holds every line, masked")
        #expect(!full.contains("secret-value-1234"))
        let mode = try FileManager.default.attributesOfItem(atPath: log.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aLineLongerThan64KiBIsLoggedInPiecesInLinearTime() async throws {
        let harness = try await EngineHarness()
        let directory = harness.folder.url.appendingPathComponent("run")
        // 4 MiB in one line, then a multibyte character straddling a piece boundary.
        let command = "head -c 4194304 /dev/zero | tr '\\0' a; head -c 65535 /dev/zero | tr '\\0' b; printf '\\303\\251end\\n'"
        let pipeline = Build.pipeline([Build.stage("s", [Build.shell("long", command)])])
        let run = try harness.newRun(pipeline)
        let clock = ContinuousClock.now
        #expect(await harness.execute(pipeline, run: run, options: RunOptions(runDirectory: directory, stepOutputLimit: 100_000_000)) == .succeeded)
        #expect(ContinuousClock.now - clock < .seconds(30))
        let pieces = harness.collector.output(ofStep: "long")
        #expect(pieces.count == 4194304 / 65536 + 2, "\(pieces.count)")
        #expect(pieces.dropLast(2).allSatisfy { $0.utf8.count == 65536 && $0.allSatisfy { $0 == "a" } })
        // 65535 b's and the first byte of é would be 65536: the piece ends before é instead.
        #expect(pieces[pieces.count - 2] == String(repeating: "b", count: 65535))
        #expect(pieces.last == "éend")
    }
}
