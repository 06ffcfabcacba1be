import ApprovalSignatures
import ArgumentParser
import Foundation
import PipelineEngine
import PipelineModel

/// `pipeline approve RUN --stage S [--role R] [--key FILE | --token JWT | --github-oidc]`: records
/// one verified approval of a gated stage.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a gated stage of a run, signed with your SSH key or proven by an OIDC token.",
        discussion: """
            The approval is a statement (pipeline, run, stage, environment, commit, plan hash, role, approver, time,
            nonce) that you sign; the runner verifies it before it counts and keeps it with its proof
            (`pipeline status RUN --verify` checks it again). It is accepted only while the run waits at that gate.
            With --print-statement, prints the statement to sign elsewhere (`ssh-keygen -Y sign -n pipeline-approval`)
            and submit with --statement FILE --signature FILE.
            """)

    @Argument(help: "The run id.")
    var runID: String

    @OptionGroup var approval: ApprovalOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws { try approval.check() }

    func run() async throws {
        let outcome = try await ApprovalSession(runID: runID, global: global).decide(.approve, reason: nil, options: approval)
        if approval.printStatement { return Terminal.standardOutputExactly(outcome) }
        Terminal.standardOutput(Terminal.underGitHubActions ? GitHubActionsSink.neutralizingCommands(outcome) : outcome)
    }
}
