import Foundation
import PipelineEngine

/// Writes to the terminal; the only place output leaves the process.
///
/// Everything written is masked with ``masker``, the invocation's one ``SecretMasker``: the
/// secrets of the pipeline loaded (or of the stored run shown), every credential a step was
/// handed, and what steps registered. Runs mask their events with the same masker first.
enum Terminal {
    static let masker = SecretMasker()

    // Writes that fail (a closed pipe: `pipeline runs | head`) are dropped; SIGPIPE is ignored
    // (see `PipelineCommand.start`), so the run itself goes on and is recorded.
    static func standardOutput(_ text: String) {
        write(masker.mask(text), to: .standardOutput)
    }

    static func standardError(_ text: String) {
        write(masker.mask(text), to: .standardError)
    }

    /// For `::add-mask::` only, which must name the value it tells GitHub to mask.
    static func standardOutputUnmasked(_ text: String) {
        write(text, to: .standardOutput)
    }

    /// Bytes to be signed elsewhere (`approve --print-statement > f`): exactly `text`, with a
    /// newline only on a terminal, so the file holds the statement as it is verified.
    static func standardOutputExactly(_ text: String) {
        write(masker.mask(text), to: .standardOutput, newline: isInteractive)
    }

    private static func write(_ text: String, to handle: FileHandle, newline: Bool = true) {
        try? handle.write(contentsOf: Data((text.hasSuffix("\n") || !newline ? text : text + "\n").utf8))
    }

    /// Whether this process runs in a GitHub Actions job, where a printed line that starts with
    /// `::` is a workflow command.
    static var underGitHubActions: Bool { ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" }

    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    static var useColour: Bool {
        isInteractive && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }
}
