import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Races between separate runner processes on one state: one driver per run, one deployer per
/// environment, one approval per slot.
@Suite(.serialized, .integration) struct RaceTests {
    static let gated = """
        import PipelineDescription
        let team = Approvers(["lead@x": ["Lead Developer"], "tech@x": ["Lead Developer"]], allowUnsigned: true)
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev",
                              gate: .approvals(["Lead Developer"]))
        let pipeline = Pipeline("race", approvers: team) {
            Deploy(dev) { Shell("./step.sh deploy", name: "deploy") }
        }
        """

    static let ungated = """
        import PipelineDescription
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev")
        let pipeline = Pipeline("race") {
            Deploy(dev) { Shell("./step.sh deploy", name: "deploy") }
        }
        """

    @Test func threeResumesOfOneRunDriveItOnce() async throws {
        let rig = try CrashRig(pipeline: Self.gated, stepSeconds: "2")
        let paused = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(paused.status == 4, "\(paused)")
        let id = try #require(CrashRig.runID(paused.stdout))
        let approved = try await rig.cli.pipeline(["approve", id, "--stage", "dev", "--role", "Lead Developer", "--as", "lead@x"])
        #expect(approved.status == 0, "\(approved)")

        let resumes = try (0..<3).map { _ in try rig.cli.start(["resume", id]) }
        var outputs: [CommandLineRunner.Output] = []
        for resume in resumes { outputs.append(try await resume.finish(timeout: 120)) }

        #expect(outputs.filter { $0.status == 0 }.count == 1, "\(outputs)")
        for loser in outputs where loser.status != 0 {
            #expect(loser.stderr.contains("is being driven by run \(id)") || loser.stderr.contains("is succeeded and cannot be resumed"),
                    "\(loser)")
        }
        #expect(rig.log().filter { $0.hasPrefix("start deploy") }.count == 1, "\(rig.log())")
        let report = try await rig.status(id)
        #expect(report.status == "succeeded")
        let events = try CrashRig.eventLines(rig.repository.url.appendingPathComponent(".pipeline/runs/\(id)/events.jsonl"))
        #expect(events.unparsable.isEmpty, "\(events.unparsable)")
        #expect(events.count > 5)
    }

    @Test func twoRunsForOneEnvironmentDeployOneAtATime() async throws {
        let rig = try CrashRig(pipeline: Self.ungated, stepSeconds: "6")
        let first = try rig.cli.start(["run", "pipelines/deploy.swift"])
        try await rig.poll(timeout: 60, "the first deploy to start") {
            FileManager.default.fileExists(atPath: rig.marks.appendingPathComponent("deploy.started").path) ? true : nil
        }
        // Without waiting: the second names the holder and deploys nothing.
        let refused = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stdout.contains("environment 'dev' is locked by run"), "\(refused)")
        #expect(refused.stdout.contains("--wait-lock"), "\(refused)")
        // Waiting: it deploys after the first has finished, never beside it.
        let waiting = try await rig.cli.pipeline(["run", "pipelines/deploy.swift", "--wait-lock", "60s"])
        let winner = try await first.finish(timeout: 60)
        #expect(winner.status == 0, "\(winner)")
        #expect(waiting.status == 0, "\(waiting)")
        #expect(waiting.stdout.contains("is locked by run"), "\(waiting)")
        let log = rig.log().map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(log == ["start", "end", "start", "end"], "\(rig.log())")
    }

    @Test func twoApprovalsForOneSlotOneWins() async throws {
        let rig = try CrashRig(pipeline: Self.gated, stepSeconds: "0")
        let paused = try await rig.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(paused.status == 4, "\(paused)")
        let id = try #require(CrashRig.runID(paused.stdout))
        let approvals = try ["lead@x", "tech@x"].map {
            try rig.cli.start(["approve", id, "--stage", "dev", "--role", "Lead Developer", "--as", $0])
        }
        var outputs: [CommandLineRunner.Output] = []
        for approval in approvals { outputs.append(try await approval.finish(timeout: 60)) }
        #expect(outputs.filter { $0.status == 0 }.count == 1, "\(outputs)")
        #expect(outputs.filter { $0.status == 64 && $0.stderr.contains("approval refused") }.count == 1, "\(outputs)")
        let status = try await rig.cli.pipeline(["status", id])
        #expect(status.stdout.contains("1/1 approved"), "\(status)")
    }
}
