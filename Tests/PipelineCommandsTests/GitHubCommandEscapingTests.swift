import Foundation
@testable import PipelineCommands
import PipelineEngine
import PipelineTesting
import TestTiers
import Testing

/// Names a pipeline file chooses reach GitHub's workflow commands escaped as GitHub documents:
/// data `%` → `%25`, CR → `%0D`, LF → `%0A`; properties also `:` → `%3A`, `,` → `%2C`.
@Suite struct GitHubCommandEscapingTests {
    static let hostile = "ship\r\n::stop-commands::pwned\n::error::fake"

    @Test(.fast) func aNameWithLineBreaksCannotStartACommandOfItsOwn() {
        let console = ConsoleSink(colour: false, githubActions: true)
        let events = [
            PipelineEvent(kind: .stageStarted, runID: "r", stage: Self.hostile),
            PipelineEvent(kind: .stepStarted, runID: "r", stage: Self.hostile, step: Self.hostile),
            PipelineEvent(kind: .stepFinished, runID: "r", stage: Self.hostile, step: Self.hostile, status: "failed", message: "boom",
                          file: "pipelines/a,b:c.swift", line: 3),
            PipelineEvent(kind: .stageFinished, runID: "r", stage: Self.hostile, status: "failed", message: "m"),
        ]
        var lines: [String] = []
        for event in events {
            lines += (console.render(event) ?? "").components(separatedBy: "\n")
            lines += GitHubActionsSink.commands(for: event).flatMap { $0.components(separatedBy: "\n") }
        }
        #expect(lines.contains("::group::stage ship%0D%0A::stop-commands::pwned%0A::error::fake"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("::error file=pipelines/a%2Cb%3Ac.swift,line=3,title=ship%0D%0A%3A%3Astop-commands%3A%3Apwned%0A%3A%3Aerror%3A%3Afake / ship") }, "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("::stop-commands") || $0.hasPrefix("::error::") }, "\(lines)")
        #expect(lines.allSatisfy { !$0.contains("\r") })
    }

    @Test(.fast) func dataAndPropertiesAreEscaped() {
        #expect(GitHubActionsSink.escapeData("100% a:b,c\r\nd") == "100%25 a:b,c%0D%0Ad")
        #expect(GitHubActionsSink.escapeProperty("100% a:b,c\r\nd") == "100%25 a%3Ab%2Cc%0D%0Ad")
        #expect(GitHubActionsSink.maskCommands("50%off") == ["::add-mask::50%25off"])
        #expect(GitHubActionsSink.maskCommands("-----BEGIN KEY-----\n  line-two\nab\n") == ["::add-mask::-----BEGIN KEY-----", "::add-mask::line-two"])
    }

    @Test(.integration) func theBinaryEscapesNamesInWorkflowCommands() async throws {
        try PipelineBuild.require()
        let folder = try TemporaryDirectory(prefix: "pipeline-escaping")
        try folder.write("pipelines/deploy.swift", """
            import PipelineDescription
            let pipeline = Pipeline("escaping") {
                Stage("deploy") { Shell("exit 1", name: "step: a,b 5%") }
            }
            """)
        var cli = CommandLineRunner(workingDirectory: folder.url)
        cli.environment["GITHUB_ACTIONS"] = "true"
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(output.status == 1, "\(output)")
        #expect(output.stdout.contains("::group::stage deploy\n"), "\(output)")
        #expect(output.stdout.contains("  • step: a,b 5%25\n"), "\(output)")
        #expect(output.stdout.contains(",title=deploy / step%3A a%2Cb 5%25 failed::"), "\(output)")
    }
}
