import Foundation
import PipelineTesting
import TestTiers
import Testing

/// `pipeline run FILE --stage S --run-id ID`, through the binary, as the generated workflow's
/// jobs call it: each job drives one stage of one run; a stage that succeeded is not run again;
/// a job cannot run a stage before its dependencies did; a gate ends the job with exit 0 and the
/// outputs that skip the jobs after it.
@Suite(.serialized, .integration) struct JoinedRunTests {
    static let pipeline = """
        import PipelineDescription
        let dev = Environment("dev", account: "111111111111", region: "us-east-1", role: "deploy-dev", gate: .approvals(["Lead"]))
        let pipeline = Pipeline("joined", approvers: Approvers(["lead@x.example": ["Lead"]], allowUnsigned: true)) {
            Stage("unit") { Shell("echo unit >> \\"$LEDGER\\"") }
            Stage("lint") { Shell("echo lint >> \\"$LEDGER\\"") }
            Stage("package", after: ["unit", "lint"]) { Shell("echo package >> \\"$LEDGER\\"") }
            Deploy(dev, after: "package") { Shell("echo dev >> \\"$LEDGER\\"") }
            Stage("announce", after: "dev") { Shell("echo announce >> \\"$LEDGER\\"") }
        }
        """

    /// Runs one stage as a job would, returning its exit status, output and `$GITHUB_OUTPUT` lines.
    static func job(_ cli: CommandLineRunner, _ stage: String, run: String, folder: TemporaryDirectory) async throws
        -> (status: Int32, output: String, outputs: [String: String]) {
        let outputs = folder.url.appendingPathComponent("output-\(UUID().uuidString)")
        var job = cli
        job.environment["GITHUB_ACTIONS"] = "true"
        job.environment["GITHUB_OUTPUT"] = outputs.path
        job.environment["GITHUB_STEP_SUMMARY"] = folder.url.appendingPathComponent("summary-\(stage).md").path
        let result = try await job.pipeline(["run", "pipelines/deploy.swift", "--stage", stage, "--run-id", run, "--paused-ok", "--wait-lock", "1m"])
        let text = (try? String(contentsOf: outputs, encoding: .utf8)) ?? ""
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return (result.status, result.stdout + result.stderr, values)
    }

    @Test func jobsDriveOneRunStageByStageAndAGateEndsItsJobGreen() async throws {
        try PipelineBuild.require()
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("joined", files: ["pipelines/deploy.swift": Self.pipeline])
        let folder = try TemporaryDirectory(prefix: "joined")
        let ledger = folder.url.appendingPathComponent("ledger")
        let cli = CommandLineRunner(workingDirectory: repository.url, environment: ["LEDGER": ledger.path])
        let run = "gh-\(Int.random(in: 1_000...999_999))"
        let lines = { ((try? String(contentsOf: ledger, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init) }

        // A job cannot start a stage whose dependencies have not run in this run.
        let early = try await Self.job(cli, "package", run: run, folder: folder)
        #expect(early.status == 64 && early.output.contains("stage 'package' cannot run in run \(run)"), "\(early.output)")

        // The two first stages in parallel, as two jobs; then the one after both.
        async let unit = Self.job(cli, "unit", run: run, folder: folder)
        async let lint = Self.job(cli, "lint", run: run, folder: folder)
        let (first, second) = try await (unit, lint)
        #expect(first.status == 0 && second.status == 0, "\(first.output)\n\(second.output)")
        #expect(first.outputs == ["run": run, "status": "succeeded", "continue": "true"], "\(first.output)")
        #expect(second.outputs["continue"] == "true")
        let runs = try await cli.pipeline(["runs"])
        #expect(runs.stdout.split(separator: "\n").contains { $0.hasPrefix(run + " ") && $0.contains("continuing") }, "between jobs the run goes on: \(runs)")
        let package = try await Self.job(cli, "package", run: run, folder: folder)
        #expect(package.status == 0 && package.outputs["status"] == "succeeded", "\(package.output)")

        // The gated job ends at once with exit 0; the job after it is told not to run, and cannot.
        let dev = try await Self.job(cli, "dev", run: run, folder: folder)
        #expect(dev.status == 0, "\(dev.output)")
        #expect(dev.outputs == ["run": run, "status": "awaitingApproval", "continue": "false"], "\(dev.output)")
        #expect(dev.output.contains("waits at the gate of stage 'dev'; this job ends"))
        let summary = try String(contentsOf: folder.url.appendingPathComponent("summary-dev.md"), encoding: .utf8)
        #expect(summary.contains("### Waiting for approval: dev") && summary.contains("| unit |  | ✓ succeeded"), "\(summary)")
        let announceEarly = try await Self.job(cli, "announce", run: run, folder: folder)
        #expect(announceEarly.status == 64 && announceEarly.output.contains("(awaitingApproval)"), "\(announceEarly.output)")

        // Approved: the next dev job deploys; re-running a finished stage's job does nothing.
        let approved = try await cli.pipeline(["approve", run, "--stage", "dev", "--role", "Lead", "--as", "lead@x.example", "--unsigned"])
        #expect(approved.status == 0, "\(approved)")
        let deployed = try await Self.job(cli, "dev", run: run, folder: folder)
        #expect(deployed.status == 0 && deployed.outputs["status"] == "succeeded", "\(deployed.output)")
        let again = try await Self.job(cli, "unit", run: run, folder: folder)
        #expect(again.status == 0 && again.output.contains("already succeeded in run \(run): nothing to do") && again.outputs["continue"] == "true")
        let announce = try await Self.job(cli, "announce", run: run, folder: folder)
        #expect(announce.status == 0 && announce.outputs["status"] == "succeeded", "\(announce.output)")
        #expect(lines().sorted() == ["announce", "dev", "lint", "package", "unit"], "every stage once: \(lines())")
        let finished = try await cli.pipeline(["runs"])
        #expect(finished.stdout.split(separator: "\n").contains { $0.hasPrefix(run + " ") && $0.contains("succeeded") }, "\(finished)")

        // Another pipeline's jobs cannot join this run.
        _ = try repository.commit("renamed", files: ["pipelines/deploy.swift": Self.pipeline.replacingOccurrences(of: "Pipeline(\"joined\"", with: "Pipeline(\"other\"")])
        let other = try await Self.job(cli, "unit", run: run, folder: folder)
        #expect(other.status == 64 && other.output.contains("is a run of pipeline 'joined', not of 'other'"), "\(other.output)")
    }
}
