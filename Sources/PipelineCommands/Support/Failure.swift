import ArgumentParser
import Foundation
import PipelineBasics

/// Prints an error the way the runner reports all errors (to stderr) and returns the exit code
/// it maps to: bad input for the user's errors, internal error for the rest. The one place
/// errors become exit codes (`PipelineCommand.start` calls it).
enum Failure {
    static func report(_ error: any Error) -> ExitCode {
        let text: String
        let code: Int32
        switch error {
        case let error as ExitCode:
            return error
        case let error as ExitStatusOverride:
            _ = report(error.error)
            return ExitCode(error.status)
        case let error as any PipelineError:
            text = error.reportPrefix + error.description
            code = error.isUserError ? ExitStatus.badInput : ExitStatus.internalError
        default:
            text = "error: \(error)"
            code = ExitStatus.internalError
        }
        Terminal.standardError(Terminal.underGitHubActions ? GitHubActionsSink.neutralizingCommands(text) : text)
        return ExitCode(code)
    }

    /// A command cancelled by SIGINT/SIGTERM exits 130, whatever error its cancellation caused
    /// (reported unless it is the cancellation itself).
    static func reportCancelled(_ error: any Error) -> ExitCode {
        Terminal.standardError(error is CancellationError ? "cancelled" : "cancelled: \(error)")
        return ExitCode(ExitStatus.cancelled)
    }
}
