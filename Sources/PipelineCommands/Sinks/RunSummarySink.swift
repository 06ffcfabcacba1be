import Foundation
import PipelineEngine
import PipelineModel
import Synchronization

/// Collects what a Markdown run summary needs beyond the run store's records: rollbacks,
/// step results and problems found. Fed the run's stored events (``init(events:)``), it tells
/// the whole run, across every invocation that drove it (each job, each resume).
final class RunSummarySink: EventSink {
    private struct Collected {
        var rollbacks: [String] = []
        /// Per step: files with problems and the number of problems.
        var diagnostics: [String: (files: Set<String>, count: Int)] = [:]
        /// Steps' results, in order: a line, or a Markdown block of several.
        var results: [(step: String, text: String)] = []
    }

    private let collected = Mutex(Collected())

    init() {}

    /// A sink that has received `events` (a run's stored event lines, in order; a line that does
    /// not decode is skipped).
    convenience init(events: [Data]) {
        self.init()
        for line in events {
            guard let event = try? PipelineEvent.decoder.decode(PipelineEvent.self, from: line) else { continue }
            receive(event)
        }
    }

    func receive(_ event: PipelineEvent) {
        collected.withLock { state in
            switch event.kind {
            case .rollbackFinished: state.rollbacks.append(event.message ?? "")
            case .stepSummary:
                state.results.append(("\(event.stage ?? "") / \(event.step ?? "")", event.message ?? ""))
            case .diagnostic:
                let key = "\(event.stage ?? "") / \(event.step ?? "")"
                var entry = state.diagnostics[key] ?? ([], 0)
                entry.files.insert(event.file ?? "")
                entry.count += 1
                state.diagnostics[key] = entry
            default: break
            }
        }
    }

    func markdown(run: RunRecord, definition: PipelineDefinition, status: RunStatus, stages: [StageRecord],
                  approvals: [String: [ApprovalRecord]] = [:], plans: [EnvironmentPlan] = []) -> String {
        let state = collected.withLock { $0 }
        var lines = ["## \(ConsoleSink.symbol(status.rawValue)) `\(definition.name)` — run \(run.id): \(status.rawValue)", ""]
        if let commit = run.commit {
            lines.append("Commit `\(commit.prefix(12))`\(run.branch.map { " on `\($0)`" } ?? "")\(run.commitMessage.map { ": \($0.split(separator: "\n").first ?? "")" } ?? "")")
            lines.append("")
        }
        // Why a stage did not succeed comes first, before any table or plan.
        let reasons = stages.filter { $0.status != .succeeded && $0.status != .skipped && $0.message != nil }
        for stage in reasons {
            lines.append("> **\(stage.name)** \(stage.status.rawValue): \(stage.message!)")
            lines.append("")
        }
        lines.append("| Stage | Environment | Result | Duration | Approved by |")
        lines.append("|---|---|---|---|---|")
        let recorded = Dictionary(stages.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        for stage in definition.stages {
            let record = recorded[stage.name]
            let result = record.map { "\(ConsoleSink.symbol($0.status.rawValue)) \($0.status.rawValue)" } ?? "not run"
            let measured = record.flatMap { record in
                record.startedAt.flatMap { start in record.finishedAt.map { Int($0.timeIntervalSince(start) * 1000) } }
            }
            let duration = measured.map(ConsoleSink.duration) ?? ""
            let recordedApprovals = approvals[stage.name].map {
                $0.map { "\($0.isRejection ? "rejected by " : "")\($0.approver) (\($0.role), \($0.proof.method == .unverified ? "unverified" : "verified: \($0.proof.method.rawValue)"))" }
                    .joined(separator: ", ")
            }
            let approvers = recordedApprovals.flatMap { $0.isEmpty ? nil : $0 } ?? (stage.gate == nil ? "" : "—")
            lines.append("| \(stage.name) | \(stage.environment?.name ?? "") | \(result) | \(duration) | \(approvers) |")
        }
        if !plans.isEmpty {
            lines.append("")
            lines.append("### Plans")
            // Each folded under its tally: the table above stays on the first screen.
            for plan in plans {
                lines += ["", "<details><summary>\(plan.environment): \(plan.tally) (plan <code>\(plan.hash.prefix(12))</code>)</summary>", "",
                          PlanRenderer.markdown(plan), "", "</details>"]
            }
        }
        // One-line results as a list; a step's Markdown block (a team module's summary lines: a
        // table) under a heading of its own, as it was written.
        let blocks = state.results.filter { $0.text.contains("\n") }
        if !state.results.isEmpty {
            lines.append("")
            lines.append("### Results")
            lines += state.results.filter { !$0.text.contains("\n") }.map { "- \($0.step): \($0.text)" }
            for block in blocks {
                lines += ["", "#### \(block.step)", "", block.text]
            }
        }
        if !state.diagnostics.isEmpty {
            lines.append("")
            lines.append("### Problems found")
            for (step, entry) in state.diagnostics.sorted(by: { $0.key < $1.key }) {
                lines.append("- \(step): \(entry.count) problem\(entry.count == 1 ? "" : "s") in \(entry.files.count) file\(entry.files.count == 1 ? "" : "s")")
            }
        }
        if !state.rollbacks.isEmpty {
            lines.append("")
            lines.append("### Rollbacks")
            lines += state.rollbacks.map { "- \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
