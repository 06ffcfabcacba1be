import Foundation
import PipelineTesting
import TestTiers
import Testing

/// `pipeline plan` through the real binary: exit codes as `terraform plan -detailed-exitcode`,
/// the JSON plan format, `--out`, and step parameters checked at load.
@Suite(.integration) struct PlanCommandTests {
    static let pipeline = """
        import PipelineDescription
        let team = Approvers(["lead@x": ["Lead Developer"]], allowUnsigned: true)
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev",
                              gate: .approvals(["Lead Developer"]))
        let qa = Environment("qa", account: "536580886816", region: "af-south-1", role: "deploy-qa")
        let pipeline = Pipeline("plans", approvers: team) {
            Stage("validation") { Shell("echo validating") }
            Stage("plan", after: "validation") { Plan(dev) }
            Deploy(dev, after: "plan") { Shell("echo deploying") }
            Deploy(qa, after: "dev") { ValidateTemplates("templates/", manifest: "templates/manifest.json") }
        }
        """

    func repository(_ pipeline: String = Self.pipeline) throws -> (TemporaryGitRepository, CommandLineRunner) {
        try PipelineBuild.require()
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("first", files: ["pipelines/deploy.swift": pipeline])
        return (repository, CommandLineRunner(workingDirectory: repository.url))
    }

    @Test func detailedExitCodesAndTheJSONFormat() async throws {
        let (repository, cli) = try repository()
        let head = try repository.revParse("HEAD")
        let changes = try await cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev", "--detailed-exitcode", "--out", "dev.plan.json"])
        #expect(changes.status == 2, "\(changes)")
        #expect(changes.stdout.contains("Plan for dev (account 536580886816, af-south-1) at commit \(head.prefix(12))"))
        #expect(changes.stdout.contains("> echo deploying (sh -c echo deploying)"), "\(changes.stdout)")
        #expect(changes.stdout.contains("Plan: 0 to add, 0 to change, 0 to destroy, 1 to run."))
        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: repository.url.appendingPathComponent("dev.plan.json"))) as? [String: Any]
        #expect(saved?["formatVersion"] as? Int == 1)
        #expect(saved?["commit"] as? String == head)
        #expect((saved?["hash"] as? String)?.count == 64)
        #expect((saved?["steps"] as? [[String: Any]])?.first?["kind"] as? String == "shell")

        let none = try await cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "qa", "--detailed-exitcode", "--json"])
        #expect(none.status == 0, "\(none)")
        let document = try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [String: Any]
        #expect(document?["environment"] as? String == "qa")

        let plain = try await cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev"])
        #expect(plain.status == 0, "without --detailed-exitcode a plan with changes exits 0: \(plain)")

        let unknown = try await cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "prod", "--detailed-exitcode"])
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.stderr.contains("no deploy stage for environment 'prod'; environments with one: dev, qa"))
        let unknownPlain = try await cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "prod"])
        #expect(unknownPlain.status == 64)
    }

    @Test func theGateShowsThePlanAndApprovalsRecordItsHash() async throws {
        let (repository, cli) = try repository()
        defer { withExtendedLifetime(repository) {} }
        let paused = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(paused.status == 4, "\(paused)")
        #expect(paused.stdout.contains("Plan for dev"), "\(paused.stdout)")
        let run = try #require(paused.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/)).1
        let hash = try #require(paused.stdout.firstMatch(of: /plan ([0-9a-f]{12}):/)).1
        let approved = try await cli.pipeline(["approve", String(run), "--stage", "dev", "--role", "Lead Developer", "--as", "lead@x"])
        #expect(approved.status == 0, "\(approved)")
        #expect(approved.stdout.contains("for plan \(hash)"), "\(approved.stdout)")
        let status = try await cli.pipeline(["status", String(run)])
        #expect(status.stdout.contains("plan \(hash): 0 to add, 0 to change, 0 to destroy, 1 to run"), "\(status.stdout)")
        let resumed = try await cli.pipeline(["resume", String(run)])
        #expect(resumed.stdout.contains("✓ stage dev succeeded"), "\(resumed)")
        #expect(resumed.stdout.contains("│ deploying"))
    }

    @Test func aWrongStepParameterIsReportedAtLoadWithItsLine() async throws {
        let broken = Self.pipeline.replacingOccurrences(of: "ValidateTemplates(\"templates/\", manifest: \"templates/manifest.json\")",
                                                         with: "ValidateTemplates(\"\", manifest: \"templates/manifest.json\")")
        let (repository, cli) = try repository(broken)
        defer { withExtendedLifetime(repository) {} }
        let validated = try await cli.pipeline(["validate", "pipelines/deploy.swift"])
        #expect(validated.status == 64, "\(validated)")
        #expect(validated.stderr.contains("deploy.swift:10"), "\(validated.stderr)")
        #expect(validated.stderr.contains("parameter 'root'"), "\(validated.stderr)")
    }

    @Test func anUnknownRegionIsRefusedAtLoadWithASuggestion() async throws {
        let typo = Self.pipeline.replacingOccurrences(of: "let qa = Environment(\"qa\", account: \"536580886816\", region: \"af-south-1\"",
                                                      with: "let qa = Environment(\"qa\", account: \"536580886816\", region: \"af-sout-1\"")
        #expect(typo != Self.pipeline)
        let (repository, cli) = try repository(typo)
        defer { withExtendedLifetime(repository) {} }
        let validated = try await cli.pipeline(["validate", "pipelines/deploy.swift"])
        #expect(validated.status == 64, "\(validated)")
        #expect(validated.stderr.contains("deploy.swift:5"), "\(validated.stderr)")
        #expect(validated.stderr.contains("region 'af-sout-1' is not an AWS region; did you mean 'af-south-1'?"), "\(validated.stderr)")
    }
}
