import ApprovalSignatures
import ArgumentParser
import Foundation
import PipelineEngine
import PipelineModel

/// `pipeline reject RUN --stage S --reason TEXT`: an approver of the gate rejects it, failing the
/// stage with their reason.
struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a gated stage of a run: the gate fails with your reason.",
        discussion: "Proven like an approval (SSH signature or OIDC token). A paused run fails at once; a run waiting with --wait fails at the gate.")

    @Argument(help: "The run id.")
    var runID: String

    @Option(help: "Why the stage must not go on (shown in status, events and the summary).")
    var reason: String

    @OptionGroup var approval: ApprovalOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try approval.check()
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--reason needs a reason") }
    }

    func run() async throws {
        let outcome = try await ApprovalSession(runID: runID, global: global).decide(.reject, reason: reason, options: approval).text
        if approval.printStatement { return Terminal.standardOutputExactly(outcome) }
        Terminal.standardOutput(Terminal.underGitHubActions ? GitHubActionsSink.neutralizingCommands(outcome) : outcome)
    }
}
