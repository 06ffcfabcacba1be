import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Inputs that used to hang or crash the runner: deeply nested conditions, huge step output,
/// out-of-range numbers, control characters in names, a pipeline file from outside the
/// repository. Through the real `pipeline` binary.
@Suite(.integration) struct InputLimitsEndToEndTests {
    let base = EndToEndTests()

    /// A pipeline whose stage's condition is `depth` levels of `.all([...])` around a branch test.
    static func nested(_ depth: Int, branch: String = "never-this-branch") -> String {
        """
        var condition = Condition.branch("\(branch)")
        for _ in 1..<\(depth) { condition = .all([condition]) }
        let pipeline = Pipeline("nested", approvers: team) {
            Stage("guarded", when: condition) { Shell("echo guarded ran") }
            Stage("plain") { Shell("echo plain ran") }
        }
        """
    }

    @Test func deepConditionsAreEvaluatedInLinearTime() async throws {
        let (folder, cli) = try base.workspace(Self.nested(32))
        defer { withExtendedLifetime(folder) {} }
        let clock = ContinuousClock.now
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"], timeout: 120)
        #expect(output.status == 0, "\(output)")
        // Evaluated twice per level this took 2^32 evaluations.
        #expect(ContinuousClock.now - clock < .seconds(60))
        #expect(output.stdout.contains("runs only on branch 'never-this-branch'"), "\(output)")
        #expect(output.stdout.contains("│ plain ran"))
        #expect(!output.stdout.contains("guarded ran"))
    }

    @Test(arguments: [33, 1_000, 10_000])
    func tooDeepConditionsAreRefusedAtLoadWithTheLine(depth: Int) async throws {
        let (folder, cli) = try base.workspace(Self.nested(depth))
        defer { withExtendedLifetime(folder) {} }
        let output = try await cli.pipeline(["validate", "pipelines/deploy.swift"], timeout: 120)
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains("pipelines/deploy.swift"), "\(output)")
        #expect(output.stderr.contains("line 18: the condition of stage 'guarded' nests \(depth) levels deep; at most 32"), "\(output)")
        #expect(!output.stderr.contains("same build"))
    }

    @Test func hugeStepOutputIsCappedInTheStoreAndKeptWholeInTheStepLog() async throws {
        let (folder, cli) = try base.workspace("""
            let pipeline = Pipeline("loud", approvers: team) {
                Stage("loud") {
                    Shell("head -c 20000000 /dev/zero | tr '\\\\0' x | fold -w 99; echo; echo the end").named("many-lines")
                    Shell("head -c 10485760 /dev/zero | tr '\\\\0' y").named("one-long-line")
                }
            }
            """)
        let clock = ContinuousClock.now
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"], timeout: 300)
        #expect(output.status == 0, "\(output)")
        #expect(ContinuousClock.now - clock < .seconds(120))
        let id = try base.runID(output)
        let run = folder.url.appendingPathComponent(".pipeline/runs/\(id)")
        #expect(output.stdout.contains("output truncated after"), "\(output.stdout.suffix(2000))")
        #expect(output.stdout.contains("full log at \(run.path)/logs/loud."), "\(output.stdout.suffix(2000))")
        let size = { (path: String) in (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1 }
        #expect(size(run.appendingPathComponent("events.jsonl").path) < 8_000_000)
        let store = [".pipeline/pipeline.sqlite", ".pipeline/pipeline.sqlite-wal"].map { size(folder.url.appendingPathComponent($0).path) }
        #expect(store[0] > 0 && store.map { max($0, 0) }.reduce(0, +) < 16_000_000, "\(store)")
        let logs = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("logs").path).sorted()
        let full = try #require(logs.first { $0.hasPrefix("loud.many-lines") })
        #expect(size(run.appendingPathComponent("logs/\(full)").path) == 20_000_000 + 20_000_000 / 99 + 1 + 8, "\(logs)")
        #expect(try String(contentsOf: run.appendingPathComponent("logs/\(full)"), encoding: .utf8).hasSuffix("the end\n"))
        let long = try #require(logs.first { $0.hasPrefix("loud.one-long-line") })
        let pieces = try String(contentsOf: run.appendingPathComponent("logs/\(long)"), encoding: .utf8).split(separator: "\n")
        #expect(pieces.count == 10_485_760 / 65_536)
        #expect(pieces.allSatisfy { $0.utf8.count == 65_536 })
    }

    @Test(arguments: [
        (["run", "pipelines/deploy.swift", "--wait", "99999999999999999999d"], "--wait takes a positive duration up to 30d"),
        (["resume", "20260101-000000-abcd", "--wait", "31d"], "--wait takes a positive duration up to 30d"),
        (["changes", "--limit", "9223372036854775807"], "--limit must be between 1 and 10000, not 9223372036854775807"),
        (["runs", "--limit", "0"], "--limit must be between 1 and 10000, not 0"),
        (["run", "pipelines/deploy.swift", "--jobs", "0"], "--jobs must be between 1 and 64, not 0"),
        (["resume", "20260101-000000-abcd", "--jobs", "65"], "--jobs must be between 1 and 64, not 65"),
    ])
    func numbersFromTheCommandLineAreRangeChecked(arguments: [String], message: String) async throws {
        let (folder, cli) = try base.workspace("let pipeline = Pipeline(\"n\", approvers: team) { Stage(\"a\") { Shell(\"true\") } }")
        defer { withExtendedLifetime(folder) {} }
        let output = try await cli.pipeline(arguments)
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains(message), "\(output)")
    }

    @Test func controlCharactersInNamesAreRefusedShownEscaped() async throws {
        let (folder, cli) = try base.workspace("""
            let pipeline = Pipeline("bad\\u{1B}[31mname", approvers: team) {
                Stage("a") {
                    Shell("true").named("two\\nlines")
                    Shell("true").named("nul\\0byte")
                }
            }
            """)
        defer { withExtendedLifetime(folder) {} }
        let output = try await cli.pipeline(["validate", "pipelines/deploy.swift"])
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains(#"pipelines/deploy.swift:15: error: the pipeline name, "bad\u{1B}[31mname", contains the control character U+001B (ESC)"#), "\(output)")
        #expect(output.stderr.contains(#"pipelines/deploy.swift:17: error: the name of a step of stage 'a', "two\nlines", contains the control character U+000A"#), "\(output)")
        #expect(output.stderr.contains(#""nul\0byte", contains the control character U+0000 (NUL)"#), "\(output)")
        #expect(!output.stderr.contains("\u{1B}"), "the raw ESC reached the terminal")
    }

    @Test func aPipelineFileOutsideTheRepositoryIsRefusedForDeployStages() async throws {
        try PipelineBuild.require()
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("first", files: ["README.md": "repo"])
        let outside = try TemporaryDirectory(prefix: "pipeline-outside")
        try outside.write("deploy.swift", """
            import PipelineDescription
            let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev")
            let pipeline = Pipeline("outside") {
                Stage("check") { Shell("echo checked") }
                Deploy(dev, after: "check") { Shell("echo deployed") }
            }
            """)
        let cli = CommandLineRunner(workingDirectory: repository.url)
        let file = outside.url.appendingPathComponent("deploy.swift").path
        let refused = try await cli.pipeline(["run", file])
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("the pipeline file \(file) is outside the repository"), "\(refused)")
        #expect(refused.stderr.contains("move it into the repository and commit it"))
        #expect(!refused.stdout.contains("deployed"))
        let check = try await cli.pipeline(["run", file, "--stage", "check"])
        #expect(check.status == 0, "\(check)")
        #expect(check.stdout.contains("│ checked"))
    }
}
