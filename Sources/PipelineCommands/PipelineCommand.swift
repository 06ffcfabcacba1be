import ArgumentParser
import BuiltinSteps
import Foundation
import Logging
import PipelineModel
import ProcessKit
#if canImport(Glibc)
import Glibc
#endif

/// `pipeline`: runs a Swift-defined CI/CD pipeline, locally exactly as in CI.
public struct PipelineCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Run a typed Swift pipeline: stages, approval gates, rollback paths, structured logs.",
        discussion: """
            Exit codes: 0 success, 1 failed, 3 failed and rolled back, 4 paused at an approval gate,
            5 rollback failed, 64 bad input (pipeline file, arguments, refused approval), 70 internal error,
            130 cancelled.
            """,
        version: PipelineVersion.current,
        subcommands: [
            RunCommand.self, PlanCommand.self, ResumeCommand.self, ApproveCommand.self, RejectCommand.self, ApproversCommand.self,
            StatusCommand.self, RunsCommand.self, ValidateCommand.self, GraphCommand.self, StepsCommand.self, ChangesCommand.self,
            UnlockCommand.self, AbandonCommand.self, StateCommand.self, CICommand.self,
        ]
    )

    public init() {}
}

extension PipelineCommand {
    /// Parses the process's arguments and runs the chosen subcommand, exiting with its code.
    public static func start() async {
        // Before anything reads a credential: steps run as this user, and must not be able to
        // read this process's environment or memory through /proc (README, the AWS section).
        ProcessProtection.hideFromSameUser()
        signal(SIGPIPE, SIG_IGN)
        // swift-log carries the runner's own diagnostics (not run events) to stderr;
        // PIPELINE_LOG_LEVEL=debug shows more.
        let level = ProcessInfo.processInfo.environment["PIPELINE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)  // usage errors, --help, --version
        }
        // SIGINT/SIGTERM cancel whatever the command is doing (loading a pipeline file, a run,
        // waiting at a gate): its processes are ended and it exits 130. A second signal ends
        // every child process group at once and exits 130 without waiting.
        let parsed = ParsedCommand(command: command)
        let work = Task {
            // PIPELINE_STEP_USER: a root runner runs its steps as that user (docs/step-protocol.md).
            if let user = ProcessInfo.processInfo.environment["PIPELINE_STEP_USER"] { try StepAccount.use(user) }
            var command = parsed.command
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        }
        let signals = SignalTrap([SIGINT, SIGTERM]) { work.cancel() } again: {
            ChildProcess.endAllRunning()
            Glibc.exit(ExitStatus.cancelled)
        }
        let outcome = await work.result
        signals.release()
        do {
            try outcome.get()
            if work.isCancelled { exit(withError: ExitCode(ExitStatus.cancelled)) }
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch where isArgumentParserError(error) {
            exit(withError: error)
        } catch where work.isCancelled {
            exit(withError: Failure.reportCancelled(error))
        } catch {
            // Every other error: reported and mapped to an exit code here, once.
            exit(withError: Failure.report(error))
        }
    }
}

extension PipelineCommand {
    /// Whether `error` is ArgumentParser's own (a help request from `help SUBCOMMAND`, which
    /// it raises when the command runs): ArgumentParser prints those itself.
    static func isArgumentParserError(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}

/// Carries the parsed command into the task that runs it. Unchecked: ArgumentParser's commands
/// are not Sendable, and this one is only used by that task once parsing is over.
private struct ParsedCommand: @unchecked Sendable {
    var command: any ParsableCommand
}
