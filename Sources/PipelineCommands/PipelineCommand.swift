import ArgumentParser
import Foundation
import Logging
import PipelineModel

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
            RunCommand.self, PlanCommand.self, ResumeCommand.self, ApproveCommand.self, StatusCommand.self, RunsCommand.self,
            ValidateCommand.self, GraphCommand.self, StepsCommand.self, ChangesCommand.self, UnlockCommand.self, AbandonCommand.self,
            StateCommand.self,
        ]
    )

    public init() {}
}

extension PipelineCommand {
    /// Parses the process's arguments and runs the chosen subcommand, exiting with its code.
    public static func start() async {
        signal(SIGPIPE, SIG_IGN)
        // swift-log carries the runner's own diagnostics (not run events) to stderr;
        // PIPELINE_LOG_LEVEL=debug shows more.
        let level = ProcessInfo.processInfo.environment["PIPELINE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)  // usage errors, --help, --version
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch {
            // Every other error: reported and mapped to an exit code here, once.
            exit(withError: Failure.report(error))
        }
    }
}
