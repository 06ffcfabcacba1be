import Foundation
@testable import PipelineCommands
import PipelineEngine
import PipelineTesting
import TestTiers
import Testing

/// In-process twin of `GitHubCommandEscapingTests`: the workflow commands events become, escaped
/// as GitHub documents (data `%` CR LF; properties also `:` `,`), `::add-mask::` and the step summary file.
@Suite(.fast) struct GitHubActionsSinkTests {
    static func diagnostic(severity: String?, rule: String? = "schema.required") -> PipelineEvent {
        var event = PipelineEvent(kind: .diagnostic, runID: "r", message: "missing 'name'\nat /items/0", file: "infra/tables.json", line: 4)
        event.column = 9
        event.severity = severity
        event.rule = rule
        return event
    }

    @Test func percentIsEscapedFirstSoEscapesInTheInputSurvive() {
        #expect(GitHubActionsSink.escapeData("%0A") == "%250A")
        #expect(GitHubActionsSink.escapeData("a\r\nb") == "a%0D%0Ab")
        #expect(GitHubActionsSink.escapeProperty("%3A:") == "%253A%3A")
        #expect(GitHubActionsSink.escapeData("plain: a, b") == "plain: a, b")
        #expect(GitHubActionsSink.escapeProperty("file,1:2\n") == "file%2C1%3A2%0A")
    }

    @Test func aFailedStepIsAnErrorAnnotationAtItsDeclaration() {
        let event = PipelineEvent(kind: .stepFinished, runID: "r", stage: "deploy", step: "step: a,b 5%", status: "failed",
                                  message: "exit 1\n::warning::fake", file: "pipelines/a,b:c.swift", line: 3)
        #expect(GitHubActionsSink.commands(for: event) == [
            "::error file=pipelines/a%2Cb%3Ac.swift,line=3,title=deploy / step%3A a%2Cb 5%25 failed::exit 1%0A::warning::fake",
        ])
        var unplaced = event
        unplaced.file = nil
        unplaced.line = nil
        unplaced.message = nil
        #expect(GitHubActionsSink.commands(for: unplaced) == ["::error title=deploy / step%3A a%2Cb 5%25 failed::failed"])
    }

    @Test(arguments: ["succeeded", "skipped", "cancelled"])
    func stepsThatDidNotFailAnnotateNothing(status: String) {
        let event = PipelineEvent(kind: .stepFinished, runID: "r", stage: "s", step: "t", status: status, message: "m", file: "f.swift", line: 1)
        #expect(GitHubActionsSink.commands(for: event).isEmpty)
    }

    @Test func onlyAFailedRollbackIsAnError() {
        let failed = PipelineEvent(kind: .rollbackFinished, runID: "r", status: "rollbackFailed", message: "stage prod: 1 of 2\nsteps failed")
        #expect(GitHubActionsSink.commands(for: failed) == ["::error title=Rollback failed::stage prod: 1 of 2%0Asteps failed"])
        let done = PipelineEvent(kind: .rollbackFinished, runID: "r", status: "rolledBack", message: "rolled back")
        #expect(GitHubActionsSink.commands(for: done).isEmpty)
    }

    @Test(arguments: [("error", "error"), ("warning", "warning"), ("note", "notice"), (nil, "error")] as [(String?, String)])
    func diagnosticsBecomeAnnotationsOfTheirSeverity(severity: String?, command: String) {
        #expect(GitHubActionsSink.commands(for: Self.diagnostic(severity: severity)) == [
            "::\(command) file=infra/tables.json,line=4,col=9,title=schema.required::missing 'name'%0Aat /items/0",
        ])
    }

    @Test func warningsAndOtherEvents() {
        #expect(GitHubActionsSink.commands(for: PipelineEvent(kind: .warning, runID: "r", message: "50% done\r\n::error::x"))
                == ["::warning::50%25 done%0D%0A::error::x"])
        for kind: PipelineEvent.Kind in [.runStarted, .stageStarted, .stepStarted, .stepOutput, .gateWaiting, .runFinished] {
            #expect(GitHubActionsSink.commands(for: PipelineEvent(kind: kind, runID: "r", status: "failed", message: "m")).isEmpty, "\(kind)")
        }
    }

    @Test func masksAreOneLineEach() {
        #expect(GitHubActionsSink.maskCommands("50%off") == ["::add-mask::50%25off"])
        #expect(GitHubActionsSink.maskCommands("a:b,c") == ["::add-mask::a:b,c"], "data escaping only: a mask's value is not a property")
        let key = "-----BEGIN KEY-----\n  line-two-of-it  \nab\r\nlast-line-here"
        let commands = GitHubActionsSink.maskCommands(key)
        #expect(commands == ["::add-mask::-----BEGIN KEY-----", "::add-mask::line-two-of-it", "::add-mask::last-line-here"])
        // Lines too short to mask are not announced (the masker does not mask them either).
        let short = String(repeating: "x", count: SecretMasker.minimumLength - 1)
        #expect(GitHubActionsSink.maskCommands("\(short)\nlong-enough-line") == ["::add-mask::long-enough-line"])
        #expect(GitHubActionsSink.maskCommands(short) == ["::add-mask::\(short)"], "a one-line value is announced whatever its length")
    }

    @Test func theStepSummaryIsAppended() throws {
        let folder = try TemporaryDirectory(prefix: "pipeline-summary")
        let path = folder.url.appendingPathComponent("step-summary.md").path
        GitHubActionsSink.appendSummary("## first\n", to: path)
        GitHubActionsSink.appendSummary("## second\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "## first\n## second\n")
    }

    @Test func aSummaryOverOneMebibyteIsTruncatedWithANote() throws {
        let folder = try TemporaryDirectory(prefix: "pipeline-summary")
        let path = folder.url.appendingPathComponent("step-summary.md").path
        GitHubActionsSink.appendSummary(String(repeating: "| row |\n", count: GitHubActionsSink.summaryLimit / 8 + 100), to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data.count <= GitHubActionsSink.summaryLimit)
        #expect(data.count > GitHubActionsSink.summaryLimit - 200)
        #expect(String(decoding: data, as: UTF8.self).hasSuffix("_Summary truncated at 1 MiB; the full summary is in .pipeline/runs/._\n"))
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("| row |\n| row |\n"))
    }

    /// A refusal or error that quotes someone's text (a rejection reason with a line break) can
    /// start no workflow command of its own.
    @Test(arguments: ["rejected: looks wrong\n::stop-commands::abc", "x\n  ::add-mask::secret-value", "x\r\n::error::fake"])
    func quotedTextCannotStartAWorkflowCommand(_ text: String) {
        let shown = GitHubActionsSink.neutralizingCommands(text)
        for line in shown.split(separator: "\n") {
            #expect(!line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }.hasPrefix("::"), "\(shown)")
        }
        #expect(shown.replacingOccurrences(of: "> ", with: "") == text, "only marked, nothing lost: \(shown)")
        #expect(GitHubActionsSink.neutralizingCommands("plain: a::b") == "plain: a::b")
    }
}
