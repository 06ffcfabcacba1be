import Foundation
import PipelineTesting
import TestTiers
import Testing

/// A driver paused past its lease (SIGSTOP: a frozen VM, a partition from the shared store) is
/// replaced by a `resume`; when it wakes it starts no step and no rollback. Every action a step
/// or rollback takes is logged with the driver it ran under.
@Suite(.serialized, .integration) struct PausedDriverTests {
    static let pipeline = """
        import PipelineDescription
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev")
        let pipeline = Pipeline("paused") {
            Deploy(dev, rollback: .eachStep) {
                Shell("./act.sh one", name: "one", rollback: "./act.sh undo-one")
                Shell("./act.sh two", name: "two", rollback: "./act.sh undo-two")
            }
        }
        """

    /// Logs `ACTION DRIVER`; step one marks itself started and takes `$ONE_SECONDS`.
    static let act = """
        #!/bin/sh
        set -e
        echo "$1 $DRIVER" >> "$MARKS/actions"
        if [ "$1" = one ]; then touch "$MARKS/one.started"; sleep "${ONE_SECONDS:-0}"; fi
        """

    /// A repository with the pipeline and its executable `act.sh`.
    static func rig() throws -> CrashRig {
        let rig = try CrashRig(pipeline: pipeline, stepSeconds: "0")
        try rig.repository.write("act.sh", act)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: rig.repository.fileURL("act.sh").path)
        _ = try rig.repository.git("add", "act.sh")
        _ = try rig.repository.git("update-index", "--chmod=+x", "act.sh")
        _ = try rig.repository.git("commit", "-q", "-m", "act")
        return rig
    }

    /// Starts `pipeline run` as driver `name`, its step one taking `oneSeconds`; returns once
    /// step one has started.
    static func startDriver(_ rig: CrashRig, _ name: String, oneSeconds: Int) async throws -> (CommandLineRunner.Started, String) {
        var cli = rig.cli
        cli.environment["DRIVER"] = name
        cli.environment["ONE_SECONDS"] = String(oneSeconds)
        let started = try cli.start(["run", "pipelines/deploy.swift"])
        let id = try await rig.newestRun()
        try await rig.poll(timeout: 60, "step one to start") {
            FileManager.default.fileExists(atPath: rig.marks.appendingPathComponent("one.started").path) ? true : nil
        }
        return (started, id)
    }

    /// The actions logged so far, one `ACTION DRIVER` a line.
    static func actions(_ rig: CrashRig) -> [String] {
        ((try? String(contentsOf: rig.marks.appendingPathComponent("actions"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test(.timeLimit(.minutes(5)))
    func aDriverWokenAfterAResumeTookItsRunStartsNoStepAndNoRollback() async throws {
        let rig = try Self.rig()
        let (paused, id) = try await Self.startDriver(rig, "first", oneSeconds: 6)
        paused.signal(SIGSTOP)
        // Paused past its 3 s lease: `status` sees the heartbeat lapse.
        try await rig.poll(timeout: 30, "the paused driver's heartbeat to lapse") {
            let status = try await rig.cli.pipeline(["status", id])
            return status.stdout.contains("its driver stopped") ? true : nil
        }

        var second = rig.cli
        second.environment["DRIVER"] = "second"
        let resumed = try await second.pipeline(["resume", id])
        #expect(resumed.status == 0, "\(resumed)")

        paused.signal(SIGCONT)
        let woken = try await paused.finish(timeout: 60)
        #expect(woken.status != 0, "the woken driver no longer owns the run: \(woken)")

        let actions = Self.actions(rig)
        #expect(actions.filter { $0.hasSuffix(" first") } == ["one first"], "after waking, the first driver started nothing: \(actions)")
        #expect(actions.filter { $0.hasSuffix(" second") } == ["one second", "two second"], "\(actions)")
        #expect(!actions.contains { $0.hasPrefix("undo") }, "nobody rolled back: \(actions)")
        #expect((woken.stdout + woken.stderr).contains("lease"), "\(woken)")
        let report = try await rig.status(id)
        #expect(report.status == "succeeded", "\(report)")
        #expect(report.steps.filter { $0.phase == "rollback" }.isEmpty, "\(report)")
    }

    @Test(.timeLimit(.minutes(5)))
    func unlockingALiveHolderAsksAndItsRunStopsWithoutRollingBack() async throws {
        let rig = try Self.rig()
        let (running, _) = try await Self.startDriver(rig, "holder", oneSeconds: 60)
        // Not a terminal and no --yes: refused, naming what would happen.
        let refused = try await rig.cli.pipeline(["unlock", "dev", "--force", "--reason", "testing"])
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("held by a live run") && refused.stderr.contains("--yes"), "\(refused)")
        #expect(running.process.isRunning, "the holder goes on")

        let forced = try await rig.cli.pipeline(["unlock", "dev", "--force", "--reason", "testing", "--yes"])
        #expect(forced.status == 0, "\(forced)")
        let stopped = try await running.finish(timeout: 60)
        #expect(stopped.status != 0, "\(stopped)")
        let actions = Self.actions(rig)
        #expect(actions == ["one holder"], "the holder started nothing more and rolled nothing back: \(actions)")
    }
}
