import Foundation
@testable import PipelineCommands
import PipelineEngine
import TestTiers
import Testing

/// The human view of a run, rendered from events built in memory (`ConsoleSink.render`, which
/// `receive` prints): names escaped under GitHub Actions, groups, colour, durations.
@Suite(.fast) struct ConsoleSinkTests {
    static let hostile = "ship\r\n::stop-commands::pwned\n::error::fake"

    static func lines(_ sink: ConsoleSink, _ events: [PipelineEvent]) -> [String] {
        events.flatMap { (sink.render($0) ?? "").components(separatedBy: "\n") }
    }

    static func diagnostic(file: String, line: Int, severity: String, message: String, rule: String) -> PipelineEvent {
        var event = PipelineEvent(kind: .diagnostic, runID: "r", stage: "lint", step: "check", message: message, file: file, line: line)
        event.column = 7
        event.severity = severity
        event.rule = rule
        return event
    }

    @Test func underGitHubActionsANameCannotStartAWorkflowCommand() {
        let sink = ConsoleSink(colour: false, githubActions: true)
        let lines = Self.lines(sink, [
            PipelineEvent(kind: .stageStarted, runID: "r", stage: Self.hostile),
            PipelineEvent(kind: .stepStarted, runID: "r", stage: Self.hostile, step: Self.hostile),
            PipelineEvent(kind: .stepFinished, runID: "r", stage: Self.hostile, step: Self.hostile, status: "failed", message: "boom"),
            PipelineEvent(kind: .stepSkipped, runID: "r", stage: Self.hostile, step: Self.hostile, message: "condition false"),
            PipelineEvent(kind: .stageFinished, runID: "r", stage: Self.hostile, status: "failed", message: "m"),
            PipelineEvent(kind: .stageSkipped, runID: "r", stage: Self.hostile, message: "not changed"),
        ])
        #expect(lines.first == "::group::stage ship%0D%0A::stop-commands::pwned%0A::error::fake", "\(lines)")
        #expect(lines.contains("  • ship%0D%0A::stop-commands::pwned%0A::error::fake"), "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("::stop-commands") || $0.hasPrefix("::error") }, "\(lines)")
        #expect(lines.allSatisfy { !$0.contains("\r") }, "\(lines)")
        // Only the sink's own group commands start a line with `::`.
        #expect(lines.filter { $0.hasPrefix("::") } == [lines[0], "::endgroup::"], "\(lines)")
    }

    @Test func outsideGitHubActionsNamesArePrintedAsTheyAreAndNotGrouped() {
        let sink = ConsoleSink(colour: false, githubActions: false)
        let started = sink.render(PipelineEvent(kind: .stageStarted, runID: "r", stage: "build 100%"))
        #expect(started == "▶ stage build 100%")
        let finished = sink.render(PipelineEvent(kind: .stageFinished, runID: "r", stage: "build 100%", status: "succeeded", durationMs: 250))
        #expect(finished == "✓ stage build 100% succeeded (250ms)")
    }

    @Test func aStageIsAGroupUnderGitHubActions() throws {
        let sink = ConsoleSink(colour: false, githubActions: true)
        let started = try #require(sink.render(PipelineEvent(kind: .stageStarted, runID: "r", stage: "deploy 5%",
                                                             details: ["environment": "prod", "account": "123456789012", "region": "eu-west-1"])))
        #expect(started == "::group::stage deploy 5%25\n▶ stage deploy 5%25 → prod (123456789012, eu-west-1)")
        let finished = try #require(sink.render(PipelineEvent(kind: .stageFinished, runID: "r", stage: "deploy", status: "failed", message: "step 'push' failed")))
        #expect(finished == "✗ stage deploy failed: step 'push' failed\n::endgroup::")
    }

    @Test func colourOnlyWhenAsked() throws {
        let event = PipelineEvent(kind: .runFinished, runID: "r", status: "succeeded", durationMs: 1500, message: "run succeeded")
        #expect(ConsoleSink(colour: false, githubActions: false).render(event) == "✓ run succeeded (1.5s)")
        #expect(ConsoleSink(colour: true, githubActions: false).render(event) == "\u{1B}[32m✓ run succeeded (1.5s)\u{1B}[0m")
        let failed = PipelineEvent(kind: .runFinished, runID: "r", status: "failed")
        #expect(ConsoleSink(colour: true, githubActions: false).render(failed) == "\u{1B}[31m✗ failed\u{1B}[0m")
        let paused = PipelineEvent(kind: .runFinished, runID: "r", status: "awaitingApproval", message: "paused at gate prod")
        #expect(ConsoleSink(colour: true, githubActions: false).render(paused) == "\u{1B}[33m⏸ paused at gate prod\u{1B}[0m")
    }

    @Test(arguments: [(0, "0ms"), (999, "999ms"), (1000, "1.0s"), (1500, "1.5s"), (59_949, "59.9s"), (60_000, "1m0s"), (61_000, "1m1s"), (3_725_000, "62m5s")])
    func durationsAreShort(milliseconds: Int, text: String) {
        #expect(ConsoleSink.duration(milliseconds) == text)
    }

    @Test func stepLinesSayRollbackAndWhyAStepFailed() {
        let sink = ConsoleSink(colour: false, githubActions: false)
        #expect(sink.render(PipelineEvent(kind: .stepStarted, runID: "r", step: "push", phase: "apply")) == "  • push")
        #expect(sink.render(PipelineEvent(kind: .stepStarted, runID: "r", step: "push", phase: "rollback")) == "  • rollback push")
        #expect(sink.render(PipelineEvent(kind: .stepFinished, runID: "r", step: "push", status: "succeeded", durationMs: 12, message: "ok"))
                == "  ✓ push (12ms)")
        #expect(sink.render(PipelineEvent(kind: .stepFinished, runID: "r", step: "push", phase: "rollback", status: "failed", message: "exit 2"))
                == "  ✗ rollback push: exit 2")
        #expect(sink.render(PipelineEvent(kind: .stepFinished, runID: "r", step: "push", status: "cancelled")) == "  ■ push: cancelled")
    }

    @Test func outputAndSummariesAreIndentedLineByLine() {
        let sink = ConsoleSink(colour: false, githubActions: false)
        #expect(sink.render(PipelineEvent(kind: .stepOutput, runID: "r", message: "compiling", stream: "stdout")) == "    │ compiling")
        #expect(sink.render(PipelineEvent(kind: .stepSummary, runID: "r", message: "| a |\n|---|\n\n| 1 |"))
                == "    = | a |\n    = |---|\n    = \n    = | 1 |")
        #expect(sink.render(PipelineEvent(kind: .planned, runID: "r", message: "Plan for dev:\n+ create table")) == "    Plan for dev:\n    + create table")
    }

    @Test func runStartShowsTheRunAndAShortCommit() {
        let sink = ConsoleSink(colour: false, githubActions: false)
        let event = PipelineEvent(kind: .runStarted, runID: "20260101-000000-abcd", commit: "0123456789abcdef0123456789abcdef01234567", message: "deploy")
        #expect(sink.render(event) == "▶ deploy — run 20260101-000000-abcd at 0123456789ab")
        #expect(sink.render(PipelineEvent(kind: .runResumed, runID: "x")) == "▶ run — run x")
    }

    @Test func diagnosticsAreGroupedUnderTheirFile() {
        let sink = ConsoleSink(colour: false, githubActions: false)
        let lines = Self.lines(sink, [
            Self.diagnostic(file: "a.json", line: 1, severity: "error", message: "one", rule: "schema.required"),
            Self.diagnostic(file: "a.json", line: 2, severity: "warning", message: "two", rule: "schema.type"),
            Self.diagnostic(file: "b.json", line: 3, severity: "note", message: "three", rule: "table.gsi-limit"),
        ])
        #expect(lines == [
            "    a.json", "      1:7  error  one  [schema.required]",
            "      2:7  warning  two  [schema.type]",
            "    b.json", "      3:7  note  three  [table.gsi-limit]",
        ])
    }

    @Test func eachSinkRemembersItsOwnLastFile() {
        let event = Self.diagnostic(file: "a.json", line: 1, severity: "error", message: "m", rule: "r")
        let first = ConsoleSink(colour: false, githubActions: false)
        let second = ConsoleSink(colour: false, githubActions: false)
        #expect(first.render(event)?.hasPrefix("    a.json\n") == true)
        #expect(first.render(event)?.hasPrefix("    a.json\n") == false)
        #expect(second.render(event)?.hasPrefix("    a.json\n") == true)
    }
}
