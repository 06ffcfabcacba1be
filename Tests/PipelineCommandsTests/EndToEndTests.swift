import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Builds nothing: runs the real `pipeline` binary from `swift build` on pipeline files written here.
@Suite(.integration) struct EndToEndTests {
    static let header = """
        import PipelineDescription

        let team = Approvers([
            "lead@bbws.example": ["Lead Developer", "Tech Lead"],
            "qa@bbws.example": ["QA Lead"],
            "po@bbws.example": ["Product Owner"],
            "ops@bbws.example": ["DevOps Lead"],
        ], allowUnsigned: true)
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev",
                              gate: .approvals(["Lead Developer"]))
        let sit = Environment("sit", account: "815856636111", region: "af-south-1", role: "bbws-deploy-sit",
                              gate: .approvals(["Tech Lead", "QA Lead"]))
        let prod = Environment("prod", account: "093646564004", region: "af-south-1", role: "bbws-deploy-prod",
                               gate: .approvals(["Tech Lead", "Product Owner", "DevOps Lead"]))

        """

    func workspace(_ body: String) throws -> (TemporaryDirectory, CommandLineRunner) {
        try PipelineBuild.require()
        let folder = try TemporaryDirectory(prefix: "pipeline-e2e")
        try folder.write("pipelines/deploy.swift", Self.header + body)
        return (folder, CommandLineRunner(workingDirectory: folder.url, environment: ["USER": "runner@bbws.example"]))
    }

    func runID(_ output: CommandLineRunner.Output) throws -> String {
        let pattern = /run (\d{8}-\d{6}-[0-9a-f]{4})/
        return String(try #require(output.stdout.firstMatch(of: pattern)).1)
    }

    @Test func successRunsEveryStageAndRecordsIt() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("ok", approvers: team) {
                Stage("validation") { Shell("echo validated > validated.txt") }
                Stage("plan", after: "validation") { Shell("cat validated.txt") }
            }
            """)
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("✓ stage plan succeeded"))
        #expect(output.stdout.contains("│ validated"))
        let id = try runID(output)
        let status = try await cli.pipeline(["status", id])
        #expect(status.stdout.contains("run \(id)  ok  succeeded"), "\(status)")
        let runs = try await cli.pipeline(["runs"])
        #expect(runs.stdout.contains(id))
        let events = try folder.read(".pipeline/runs/\(id)/events.jsonl").split(separator: "\n")
        #expect(events.count >= 8)
        #expect(events.first?.contains("\"kind\":\"runStarted\"") == true)
        #expect(events.last?.contains("\"status\":\"succeeded\"") == true)
        #expect(try folder.read(".pipeline/runs/\(id)/summary.md").contains("| plan |  | ✓ succeeded |"))
    }

    @Test func failureRollsBackAndExitsThree() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("rb", approvers: team) {
                Stage("deploy", rollback: .eachStep) {
                    Shell("echo v2 > live.txt", rollback: "echo v1 > live.txt")
                    Shell("echo smoke failing >&2; exit 1")
                }
                Stage("after", after: "deploy") { Shell("echo never > never.txt") }
            }
            """)
        try folder.write("live.txt", "v1\n")
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(output.status == 3, "\(output)")
        #expect(output.stdout.contains("failed and was rolled back"))
        #expect(try folder.read("live.txt") == "v1\n")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("never.txt").path))
        let status = try await cli.pipeline(["status"])
        #expect(status.stdout.contains("deploy: rolledBack"))
        #expect(status.stdout.contains("after: blocked"))
    }

    @Test func gatePauseApproveThreeTimesResume() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("gated", approvers: team) {
                Stage("validation") { Shell("echo ok") }
                Deploy(prod, after: "validation") { Shell("echo deployed-$PIPELINE_ENVIRONMENT > prod.txt") }
            }
            """)
        let first = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(first.status == 4, "\(first)")
        let id = try runID(first)
        #expect(first.stdout.contains("missing: Tech Lead, Product Owner, DevOps Lead"))

        // Refused, nothing recorded: unknown run, unknown stage, unknown role, a second role by one person.
        #expect(try await cli.pipeline(["approve", "20000101-000000-0000", "--stage", "prod", "--role", "Tech Lead", "--as", "lead@bbws.example"]).status == 64)
        let badStage = try await cli.pipeline(["approve", id, "--stage", "qa", "--role", "Tech Lead", "--as", "lead@bbws.example"])
        #expect(badStage.status == 64)
        #expect(badStage.stderr.contains("has no stage 'qa'"))
        #expect(try await cli.pipeline(["approve", id, "--stage", "prod", "--role", "Janitor", "--as", "lead@bbws.example"]).status == 64)
        #expect(try await cli.pipeline(["approve", id, "--stage", "prod", "--role", "Tech Lead", "--as", "lead@bbws.example"]).status == 0)
        let twice = try await cli.pipeline(["approve", id, "--stage", "prod", "--role", "Lead Developer", "--as", "lead@bbws.example"])
        #expect(twice.status == 64)
        let resumedEarly = try await cli.pipeline(["resume", id])
        #expect(resumedEarly.status == 4)
        #expect(try await cli.pipeline(["approve", id, "--stage", "prod", "--role", "Product Owner", "--as", "po@bbws.example"]).status == 0)
        let last = try await cli.pipeline(["approve", id, "--stage", "prod", "--role", "DevOps Lead", "--as", "ops@bbws.example"])
        #expect(last.stdout.contains("the gate is satisfied"), "\(last)")
        let resumed = try await cli.pipeline(["resume", id])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try folder.read("prod.txt") == "deployed-prod\n")
        let status = try await cli.pipeline(["status", id, "--json"])
        #expect(status.stdout.components(separatedBy: "\"approver\"").count - 1 == 3)
    }

    @Test func sigintCancelsTheRun() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("cancel", approvers: team) {
                Stage("long") { Shell("echo started > started.txt; sleep 60") }
            }
            """)
        let started = try cli.start(["run", "pipelines/deploy.swift"])
        let marker = folder.url.appendingPathComponent("started.txt").path
        for _ in 0..<600 where !FileManager.default.fileExists(atPath: marker) { try await Task.sleep(for: .milliseconds(100)) }
        #expect(FileManager.default.fileExists(atPath: marker))
        started.signal(SIGINT)
        let output = try await started.finish(timeout: 30)
        #expect(output.status == 130, "\(output)")
        #expect(output.stdout.contains("was cancelled"))
        #expect(try await cli.pipeline(["status"]).stdout.contains("cancelled"))
    }

    @Test func badInputExitsSixtyFourAndNamesTheLine() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("bad", approvers: team) {
                Stage("a", after: "b") { Shell("true") }
                Stage("b", after: "a") { Custom("notify") ; ProvisionTables("x/*.json") }
            }
            """)
        let output = try await cli.pipeline(["validate", "pipelines/deploy.swift"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("pipelines/deploy.swift:16: error: the stages form a cycle"), "\(output)")
        #expect(output.stderr.contains("pipelines/deploy.swift:17: error: step 'provision-tables' acts on an environment: put it in a Deploy(env) stage"), "\(output)")
        try folder.write("pipelines/syntax.swift", "import PipelineDescription\nlet p = Pipeline(\"x\") {\n  Stage(\"a\") { Shell(\"true\") \n")
        let syntax = try await cli.pipeline(["run", "pipelines/syntax.swift"])
        #expect(syntax.status == 64)
        #expect(syntax.stderr.contains("pipelines/syntax.swift:"))
        let missing = try await cli.pipeline(["run", "pipelines/none.swift"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("pipelines/none.swift: error: no such pipeline file"))
        #expect(try await cli.pipeline(["run", "pipelines/deploy.swift", "--jobs", "0"]).status == 64)
        #expect(try await cli.pipeline(["run", "pipelines/deploy.swift", "--wait", "soon"]).status == 64)
    }

    @Test func stageRefusesUnsucceededDependenciesUnlessForced() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("stages", approvers: team) {
                Stage("validation") { Shell("echo v") }
                Stage("plan", after: "validation") { Shell("echo p") }
            }
            """)
        let refused = try await cli.pipeline(["run", "pipelines/deploy.swift", "--stage", "plan"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("needs stage 'validation' to have succeeded"))
        #expect(try await cli.pipeline(["run", "pipelines/deploy.swift", "--stage", "validation"]).status == 0)
        #expect(try await cli.pipeline(["run", "pipelines/deploy.swift", "--stage", "plan"]).status == 0)
        #expect(try await cli.pipeline(["run", "pipelines/deploy.swift", "--stage", "ghost"]).status == 64)
        withExtendedLifetime(folder) {}
    }

    @Test func jsonLogsAndGitHubActionsOutputMaskSecrets() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("gh", approvers: team, secrets: ["DEPLOY_TOKEN"]) {
                Stage("deploy") { Shell("echo using $DEPLOY_TOKEN; echo '::secret::'; exit 1") }
            }
            """)
        let summary = folder.url.appendingPathComponent("summary.md").path
        let secret = "tok-9f8e7d6c5b4a"
        var github = cli
        github.environment["GITHUB_ACTIONS"] = "true"
        github.environment["GITHUB_STEP_SUMMARY"] = summary
        github.environment["DEPLOY_TOKEN"] = secret
        let output = try await github.pipeline(["run", "pipelines/deploy.swift"])
        #expect(output.status == 1)
        #expect(output.stdout.hasPrefix("::add-mask::\(secret)\n"), "\(output)")
        #expect(output.stdout.components(separatedBy: secret).count == 2)  // only inside ::add-mask::
        #expect(output.stdout.contains("using ***"))
        #expect(output.stdout.contains("::group::stage deploy"))
        #expect(output.stdout.contains("::error file=pipelines/deploy.swift,line=16,title=deploy / "))
        let markdown = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(markdown.contains("| deploy |  | ✗ failed |"))
        #expect(!markdown.contains(secret))

        var json = cli
        json.environment["DEPLOY_TOKEN"] = secret
        let lines = try await json.pipeline(["run", "pipelines/deploy.swift", "--log-format", "json"])
        #expect(lines.status == 1)
        let decoded = try lines.stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(decoded.allSatisfy { $0["schema"] as? Int == 1 && $0["runID"] is String })
        #expect(decoded.contains { $0["kind"] as? String == "stepOutput" && $0["message"] as? String == "using ***" })
        #expect(!lines.stdout.contains(secret))
    }

    @Test func graphAndSteps() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("graph", approvers: team) {
                Stage("validation") { Shell("true") }
                Deploy(dev, after: "validation") { Shell("true") }
                Deploy(sit, after: "dev") { Shell("true") }
            }
            """)
        let mermaid = try await cli.pipeline(["graph", "pipelines/deploy.swift"])
        #expect(mermaid.stdout.contains("s_dev --> s_sit"))
        let dot = try await cli.pipeline(["graph", "pipelines/deploy.swift", "--format", "dot"])
        #expect(dot.stdout.contains("\"dev\" -> \"sit\";"))
        let steps = try await cli.pipeline(["steps"])
        #expect(steps.stdout.contains("shell"))
        #expect(steps.stdout.contains("external"))
        withExtendedLifetime(folder) {}
    }

    @Test func customStepModuleRunsAsAProcess() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("custom", approvers: team) {
                Stage("notify", rollback: .eachStep) {
                    Custom("notify", executable: "steps/notify", with: ["channel": "#deploys"])
                    Shell("exit 1")
                }
            }
            """)
        try folder.write("steps/notify", """
            #!/bin/sh
            request=$(cat)
            echo "verb=$1" >> calls.log
            echo "$request" > "request-$1.json"
            echo "::secret::s3cr3t-value"
            echo "notifying with s3cr3t-value"
            printf '{"protocol":1,"message":"ok"}' >&3
            """, executable: true)
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(output.status == 3, "\(output)")
        // Asked once who it is (a version 1 module does not answer), then every verb as version 1.
        #expect(try folder.read("calls.log") == "verb=describe\nverb=apply\nverb=verify\nverb=rollback\n")
        let request = try JSONSerialization.jsonObject(with: Data(try folder.read("request-apply.json").utf8)) as! [String: Any]
        #expect(request["protocol"] as? Int == 1)
        #expect((request["parameters"] as? [String: Any])?["channel"] as? String == "#deploys")
        #expect(output.stdout.contains("notifying with ***"))
        #expect(!output.stdout.contains("s3cr3t-value"))
    }

    @Test func swiftStepModuleBuiltWithStepKit() async throws {
        let module = PipelineBuild.directory.appendingPathComponent("pipeline-step-notify").path
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("stepkit", approvers: team) {
                Deploy(dev, rollback: .eachStep) {
                    Custom("notify", executable: "\(module)", with: ["channel": "#deploys"])
                    Shell("exit 1", name: "smoke")
                }
            }
            """)
        var approved = cli
        approved.environment["USER"] = "someone"
        let paused = try await approved.pipeline(["run", "pipelines/deploy.swift"])
        let id = try runID(paused)
        _ = try await cli.pipeline(["approve", id, "--stage", "dev", "--role", "Lead Developer", "--as", "lead@bbws.example"])
        let output = try await cli.pipeline(["resume", id])
        #expect(output.status == 3, "\(output)")
        #expect(output.stdout.contains("#deploys: deploying"))
        let lines = try folder.read(".pipeline/notifications.jsonl").split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains("\"text\":\"deploying") == true)
        #expect(lines.last?.contains("\"text\":\"rolled back dev\"") == true)
    }
}
