import Foundation
@testable import PipelineCommands
import PipelineEngine
import PipelineModel
import TestTiers
import Testing

/// The Markdown run summary (`$GITHUB_STEP_SUMMARY`), from a definition, stage records and the
/// events the sink collected, all built in memory.
@Suite(.fast) struct RunSummarySinkTests {
    static let here = SourceLocation(file: "pipelines/deploy.swift", line: 1)
    static let prod = EnvironmentDefinition(name: "prod", account: "123456789012", region: "eu-west-1", role: "deploy", location: here)

    static let definition = PipelineDefinition(name: "shop", stages: [
        StageDefinition(name: "build", steps: [StepDefinition(kind: "shell", name: "test", location: here)], location: here),
        StageDefinition(name: "deploy-prod", dependsOn: ["build"], environment: prod, gate: GateDefinition(requiredRoles: ["Tech Lead"]),
                        steps: [StepDefinition(kind: "shell", name: "push", location: here)], location: here),
        StageDefinition(name: "smoke", dependsOn: ["deploy-prod"], steps: [StepDefinition(kind: "shell", name: "curl", location: here)], location: here),
    ], location: here)

    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func run(commit: String? = "0123456789abcdef0123456789abcdef01234567") -> RunRecord {
        RunRecord(id: "20260101-000000-abcd", pipeline: "shop", pipelineFile: "pipelines/deploy.swift", document: Data(), commit: commit,
                  branch: "main", commitMessage: "Ship the cart\n\nLong body", triggeredBy: "ci")
    }

    static func markdown(_ sink: RunSummarySink, status: RunStatus = .failed, stages: [StageRecord],
                         approvals: [String: [ApprovalRecord]] = [:], commit: String? = "0123456789abcdef0123456789abcdef01234567") -> [String] {
        sink.markdown(run: run(commit: commit), definition: definition, status: status, stages: stages, approvals: approvals)
            .components(separatedBy: "\n")
    }

    @Test func theHeadingAndCommitLineSayWhatRanAndHowItEnded() {
        let lines = Self.markdown(RunSummarySink(), status: .rolledBack, stages: [])
        #expect(lines[0] == "## ↺ `shop` — run 20260101-000000-abcd: rolledBack")
        #expect(lines.contains("Commit `0123456789ab` on `main`: Ship the cart"), "\(lines)")
        let noCommit = Self.markdown(RunSummarySink(), status: .succeeded, stages: [], commit: nil)
        #expect(noCommit[0].hasPrefix("## ✓ `shop`"))
        #expect(!noCommit.contains { $0.hasPrefix("Commit ") })
    }

    @Test func everyStageOfTheDefinitionHasARowInOrder() {
        let stages = [
            StageRecord(runID: "r", name: "smoke", status: .skipped),
            StageRecord(runID: "r", name: "build", status: .succeeded, startedAt: Self.start, finishedAt: Self.start.addingTimeInterval(1.5)),
        ]
        let approvals = ["deploy-prod": [
            ApprovalRecord(runID: "r", stage: "deploy-prod", role: "Tech Lead", approver: "lead@example.com", commit: nil,
                           proof: ApprovalProof(method: .ssh)),
        ]]
        let rows = Self.markdown(RunSummarySink(), stages: stages, approvals: approvals).filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Stage") }
        #expect(rows == [
            "| build |  | ✓ succeeded | 1.5s |  |",
            "| deploy-prod | prod | not run |  | lead@example.com (Tech Lead, verified: ssh) |",
            "| smoke |  | ○ skipped |  |  |",
        ])
        let unapproved = Self.markdown(RunSummarySink(), stages: stages).first { $0.hasPrefix("| deploy-prod ") }
        #expect(unapproved == "| deploy-prod | prod | not run |  | — |", "a gate with no approval shows a dash")
    }

    @Test func rejectionsAndUnverifiedApprovalsAreMarked() {
        let approvals = ["deploy-prod": [
            ApprovalRecord(runID: "r", stage: "deploy-prod", role: "Tech Lead", approver: "a@example.com", commit: nil),
            ApprovalRecord(runID: "r", stage: "deploy-prod", role: "QA", approver: "b@example.com", commit: nil,
                           proof: ApprovalProof(decision: .reject, reason: "no", method: .oidc)),
        ]]
        let row = Self.markdown(RunSummarySink(), stages: [], approvals: approvals).first { $0.hasPrefix("| deploy-prod ") }
        #expect(row == "| deploy-prod | prod | not run |  | a@example.com (Tech Lead, unverified), rejected by b@example.com (QA, verified: oidc) |")
    }

    @Test func collectedEventsBecomeResultsProblemsAndRollbacks() {
        let sink = RunSummarySink()
        let diagnostic = { (file: String) in
            PipelineEvent(kind: .diagnostic, runID: "r", stage: "build", step: "lint", message: "m", file: file, line: 1)
        }
        for event in [
            PipelineEvent(kind: .stepSummary, runID: "r", stage: "build", step: "test", message: "12 passed"),
            PipelineEvent(kind: .stepSummary, runID: "r", stage: "build", step: "cost", message: "| item | $ |\n|---|---|\n| db | 3 |"),
            diagnostic("a.json"), diagnostic("a.json"), diagnostic("b.json"),
            PipelineEvent(kind: .diagnostic, runID: "r", stage: "smoke", step: "curl", message: "m", file: "c.json"),
            PipelineEvent(kind: .rollbackFinished, runID: "r", status: "rolledBack", message: "stage deploy-prod rolled back"),
            PipelineEvent(kind: .stepStarted, runID: "r", stage: "build", step: "ignored"),
            PipelineEvent(kind: .warning, runID: "r", message: "ignored too"),
        ] { sink.receive(event) }
        let text = sink.markdown(run: Self.run(), definition: Self.definition, status: .rolledBack, stages: [])
        #expect(text.contains("### Results\n- build / test: 12 passed\n\n#### build / cost\n\n| item | $ |\n|---|---|\n| db | 3 |\n"), "\(text)")
        #expect(text.contains("### Problems found\n- build / lint: 3 problems in 2 files\n- smoke / curl: 1 problem in 1 file\n"), "\(text)")
        #expect(text.contains("### Rollbacks\n- stage deploy-prod rolled back\n"), "\(text)")
        #expect(!text.contains("ignored"), "\(text)")
    }

    @Test func noSectionsWithoutWhatTheySummarise() {
        let text = RunSummarySink().markdown(run: Self.run(), definition: Self.definition, status: .succeeded, stages: [])
        for heading in ["### Results", "### Problems found", "### Rollbacks", "### Plans"] {
            #expect(!text.contains(heading), "\(heading) in\n\(text)")
        }
        #expect(text.hasSuffix("|\n"))
    }

    @Test func theReasonsOfStagesThatDidNotSucceedAreListed() {
        let stages = [
            StageRecord(runID: "r", name: "build", status: .succeeded, message: "all good"),
            StageRecord(runID: "r", name: "deploy-prod", status: .failed, message: "step 'push' failed: exit 1"),
            StageRecord(runID: "r", name: "smoke", status: .skipped, message: "deploy-prod failed"),
        ]
        let lines = Self.markdown(RunSummarySink(), stages: stages)
        let reason = try? #require(lines.firstIndex(of: "> **deploy-prod** failed: step 'push' failed: exit 1"), "\(lines)")
        // First: before the stage table.
        #expect(reason.map { $0 < (lines.firstIndex { $0.hasPrefix("| Stage |") } ?? 0) } == true, "\(lines)")
        #expect(!lines.contains { $0.contains("**build**") || $0.contains("**smoke**") }, "\(lines)")
    }

    /// Fed a run's stored events, the summary tells every invocation that drove the run (the job
    /// that paused at a gate, then the resume), not only the last.
    @Test func storedEventsOfEveryInvocationMakeOneSummary() {
        let first = [PipelineEvent(kind: .stepSummary, runID: "r", stage: "build", step: "test", message: "12 passed"),
                     PipelineEvent(kind: .gateWaiting, runID: "r", stage: "deploy-prod", message: "waiting")]
        let resumed = [PipelineEvent(kind: .runResumed, runID: "r", message: "resuming"),
                       PipelineEvent(kind: .stepSummary, runID: "r", stage: "smoke", step: "curl", message: "200 OK")]
        let stored = (first + resumed).map { $0.jsonLine() } + [Data("not json".utf8)]
        let text = RunSummarySink(events: stored).markdown(run: Self.run(), definition: Self.definition, status: .succeeded, stages: [])
        #expect(text.contains("### Results\n- build / test: 12 passed\n- smoke / curl: 200 OK\n"), "\(text)")
    }

    @Test func plansAreFoldedUnderTheirTally() {
        let plan = EnvironmentPlan(pipeline: "shop", environment: Self.prod, stage: "deploy-prod", commit: "c", runID: "r", steps: [])
        let text = RunSummarySink().markdown(run: Self.run(), definition: Self.definition, status: .succeeded, stages: [], plans: [plan])
        #expect(text.contains("<details><summary>prod: \(plan.tally) (plan <code>\(plan.hash.prefix(12))</code>)</summary>"), "\(text)")
        #expect(text.contains("</details>"), "\(text)")
    }
}
