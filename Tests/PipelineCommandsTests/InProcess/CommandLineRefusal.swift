import ArgumentParser
@testable import PipelineCommands
import Testing

/// What `PipelineCommand.parseAsRoot` refuses a command line with, in-process: the message and
/// exit code the binary would end with. A command line it accepts is recorded as an issue.
enum CommandLineRefusal {
    static func of(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) -> (message: String, code: Int32)? {
        do {
            let command = try PipelineCommand.parseAsRoot(arguments)
            Issue.record("\(arguments) was accepted as \(type(of: command))", sourceLocation: sourceLocation)
            return nil
        } catch {
            return (PipelineCommand.message(for: error), PipelineCommand.exitCode(for: error).rawValue)
        }
    }
}
