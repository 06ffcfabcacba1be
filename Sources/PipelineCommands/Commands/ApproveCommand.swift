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

    @OptionGroup var continuation: ContinuationOptions

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try approval.check()
        try continuation.check()
        if approval.printStatement && continuation.workflow != nil { throw ValidationError("--print-statement records nothing: nothing to continue") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        // Whatever a continuation needs is checked before anything is recorded.
        _ = try continuation.dispatch(run: runID, runBranch: nil, environment: environment)
        let outcome = try await ApprovalSession(runID: runID, global: global)
            .decide(.approve, reason: nil, options: approval, continuing: continuation.workflow != nil)
        if approval.printStatement { return Terminal.standardOutputExactly(outcome.text) }
        show(outcome.text)
        guard outcome.satisfied,
              let dispatch = try continuation.dispatch(run: runID, runBranch: outcome.branch, environment: environment)
        else { return }
        do {
            try await dispatch.send()
        } catch let error as GitHubDispatchError {
            Terminal.standardError("error: your approval is recorded, but \(error.description)")
            throw ExitCode(ExitStatus.failed)
        }
        show("started \(dispatch.workflow) on \(dispatch.ref) in \(dispatch.repository) to continue run \(runID)")
    }

    private func show(_ text: String) {
        Terminal.standardOutput(Terminal.underGitHubActions ? GitHubActionsSink.neutralizingCommands(text) : text)
    }
}
