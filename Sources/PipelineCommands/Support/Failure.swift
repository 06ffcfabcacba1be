import ArgumentParser
import Foundation
import PipelineEngine
import PipelineLoading
import RepositoryHistory

/// Prints an error the way the runner reports all errors (to stderr, masked) and returns the
/// exit code it maps to: bad input for the user's errors, internal error for the rest.
enum Failure {
    static func report(_ error: any Error, masker: SecretMasker? = nil) -> ExitCode {
        let text: String
        let code: Int32
        switch error {
        case let error as LoaderError:
            text = error.description
            code = error.isUserError ? ExitStatus.badInput : ExitStatus.internalError
        case let error as EngineError:
            text = "error: " + error.description
            code = error.isUserError ? ExitStatus.badInput : ExitStatus.internalError
        case let error as RepositoryError:
            text = "error: " + error.description
            code = error.isUserError ? ExitStatus.badInput : ExitStatus.internalError
        case let error as ValidationError:
            text = "error: " + error.message
            code = ExitStatus.badInput
        case let error as WorkspaceError:
            text = "error: " + error.description
            code = ExitStatus.badInput
        case let error as ExitCode:
            return error
        default:
            text = "error: \(error)"
            code = ExitStatus.internalError
        }
        Terminal.standardError(masker?.mask(text) ?? text)
        return ExitCode(code)
    }
}

/// Writes to the terminal; the only place output leaves the process.
enum Terminal {
    // Writes that fail (a closed pipe: `pipeline runs | head`) are dropped; SIGPIPE is ignored
    // (see `PipelineCommand.start`), so the run itself goes on and is recorded.
    static func standardOutput(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func standardError(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    static var useColour: Bool {
        isInteractive && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }
}
