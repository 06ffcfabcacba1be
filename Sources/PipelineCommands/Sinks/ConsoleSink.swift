import Foundation
import PipelineEngine
import Synchronization

/// The human view of a run: one line per stage and step event, step output indented, colour
/// on a terminal only.
final class ConsoleSink: EventSink {
    private let colour: Bool
    private let githubActions: Bool
    /// The file of the last diagnostic shown, to group diagnostics under a file heading.
    private let lastFile = Mutex<String?>(nil)

    init(colour: Bool, githubActions: Bool) {
        self.colour = colour
        self.githubActions = githubActions
    }

    func receive(_ event: PipelineEvent) {
        guard let line = render(event) else { return }
        Terminal.standardOutput(line)
    }

    /// Under GitHub Actions every line that starts with `::` is a workflow command, so names
    /// (which a pipeline file chooses) are printed escaped: a name holding a line break cannot
    /// start a line of its own (`::stop-commands::…`).
    private func name(_ text: String?) -> String {
        let text = text ?? ""
        return githubActions ? GitHubActionsSink.escapeData(text) : text
    }

    func render(_ event: PipelineEvent) -> String? {
        let stage = name(event.stage)
        let step = name(event.step)
        let took = event.durationMs.map { " (\(Self.duration($0)))" } ?? ""
        switch event.kind {
        case .runStarted, .runResumed:
            let commit = event.commit.map { " at \($0.prefix(12))" } ?? ""
            return paint("▶ \(event.message ?? "run") — run \(event.runID)\(commit)", .bold)
        case .runFinished:
            let status = event.status ?? ""
            let colourFor: Style = status == "succeeded" ? .green : status == "awaitingApproval" ? .yellow : .red
            return paint("\(Self.symbol(status)) \(event.message ?? status)\(took)", colourFor)
        case .stageStarted:
            let environment = event.details?["environment"].map { " → \($0) (\(event.details?["account"] ?? "?"), \(event.details?["region"] ?? "?"))" } ?? ""
            return (githubActions ? "::group::stage \(stage)\n" : "") + paint("▶ stage \(stage)\(environment)", .bold)
        case .stageFinished:
            let status = event.status ?? ""
            let reason = event.message.map { ": \($0)" } ?? ""
            let line = paint("\(Self.symbol(status)) stage \(stage) \(status)\(status == "succeeded" ? "" : reason)\(took)",
                             status == "succeeded" ? .green : .red)
            return line + (githubActions ? "\n::endgroup::" : "")
        case .stageSkipped:
            return paint("○ stage \(stage) skipped: \(event.message ?? "")", .dim)
        case .gateWaiting:
            let plan = event.details?["plan"].map { "\n" + Self.indentPlan($0) } ?? ""
            return paint("⏸ \(event.message ?? "waiting for approval")", .yellow) + plan
        case .planned:
            return Self.indentPlan(event.message ?? "")
        case .awsCalls:
            return paint("  \(event.message ?? "")", .dim)
        case .gateSatisfied:
            return paint("✓ \(event.message ?? "gate approved")", .green)
        case .gateRejected:
            return paint("✗ \(event.message ?? "gate rejected")", .red)
        case .stepStarted:
            return "  • \(event.phase == "rollback" ? "rollback " : "")\(step)"
        case .stepOutput:
            return paint("    │ ", .dim) + (event.message ?? "")
        case .stepSummary:
            return (event.message ?? "").split(separator: "\n", omittingEmptySubsequences: false)
                .map { paint("    = ", .dim) + $0 }.joined(separator: "\n")
        case .stepFinished:
            let status = event.status ?? ""
            let reason = status == "succeeded" ? "" : ": \(event.message ?? status)"
            return paint("  \(Self.symbol(status)) \(event.phase == "rollback" ? "rollback " : "")\(step)\(reason)\(took)",
                         status == "succeeded" ? .green : .red)
        case .stepSkipped:
            return paint("  ○ \(step) skipped: \(event.message ?? "")", .dim)
        case .rollbackStarted:
            return paint("↺ \(event.message ?? "rolling back")", .yellow)
        case .rollbackFinished:
            let failed = event.status == "rollbackFailed"
            return paint("\(failed ? "✗✗" : "↺") \(event.message ?? "")", failed ? .red : .yellow)
        case .warning:
            return paint("! \(event.message ?? "")", .yellow)
        case .diagnostic:
            let file = event.file ?? "?"
            let heading = lastFile.withLock { last in
                defer { last = file }
                return last == file ? nil : file
            }
            let severity = event.severity ?? "error"
            let line = "      \(event.line ?? 0):\(event.column ?? 0)  " + paint(severity, severity == "error" ? .red : severity == "warning" ? .yellow : .dim)
                + "  \(event.message ?? "")  " + paint("[\(event.rule ?? "")]", .dim)
            return (heading.map { "    " + paint($0, .bold) + "\n" } ?? "") + line
        }
    }

    enum Style: String {
        case bold = "1", green = "32", red = "31", yellow = "33", dim = "2"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        colour ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    static func symbol(_ status: String) -> String {
        switch status {
        case "succeeded": "✓"
        case "awaitingApproval": "⏸"
        case "skipped": "○"
        case "rolledBack": "↺"
        case "cancelled": "■"
        case "running", "continuing": "→"
        default: "✗"
        }
    }

    /// A rendered plan under a step: the heading as is, each line indented.
    static func indentPlan(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }.joined(separator: "\n")
    }

    static func duration(_ milliseconds: Int) -> String {
        milliseconds < 1000 ? "\(milliseconds)ms" : milliseconds < 60_000
            ? String(format: "%.1fs", Double(milliseconds) / 1000) : "\(milliseconds / 60_000)m\((milliseconds / 1000) % 60)s"
    }
}
