import Foundation
import PipelineEngine
import PipelineModel
import ProcessKit

/// The built-in `shell` step: runs `command` with `/bin/sh -c` in the run's checkout of its commit (or
/// `workingDirectory`), streams its output line by line, fails on a non-zero exit. Its rollback
/// runs the `rollback` command, with `PIPELINE_ROLLBACK_COMMIT` set when rolling back to a
/// previous deployment.
public struct ShellStep: StepModule {
    public static let kind = "shell"
    public static let summary = "runs a shell command (command, env, workingDirectory, rollback)"

    let command: String
    let rollbackCommand: String?
    let environment: [String: String]
    let workingDirectory: String?

    public init(step: StepDefinition) throws {
        guard let command = step.string("command"), !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StepConfigurationError(step: step.name, field: "command", message: "give the command to run, e.g. Shell(\"make test\")")
        }
        self.command = command
        rollbackCommand = step.string("rollback")
        var environment: [String: String] = [:]
        if let values = step.parameters["env"]?.objectValue {
            for (key, value) in values {
                guard let text = value.stringValue else {
                    throw StepConfigurationError(step: step.name, field: "env.\(key)", message: "environment values are strings")
                }
                environment[key] = text
            }
        }
        self.environment = environment
        workingDirectory = step.string("workingDirectory")
    }

    public var canRollBack: Bool { rollbackCommand != nil }

    public func plan(in context: StepContext) async throws -> StepPlan {
        StepPlan(changes: [PlannedChange(action: .run, resource: context.step.name, detail: "sh -c \(command)")])
    }

    public func apply(in context: StepContext) async throws {
        try await Self.run(command, context: context, environment: environment, workingDirectory: workingDirectory)
    }

    public func rollback(in context: StepContext) async throws {
        guard let rollbackCommand else { return }
        try await Self.run(rollbackCommand, context: context, environment: environment, workingDirectory: workingDirectory)
    }

    static func run(_ command: String, context: StepContext, environment: [String: String], workingDirectory: String?) async throws {
        let variables = try await context.processEnvironment(adding: environment)
        let directory = workingDirectory.map { context.workspace.appendingPathComponent($0).path } ?? context.workspace.path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw ShellStepError.missingDirectory(directory)
        }
        let splitter = LineSplitter(context: context)
        let process = ChildProcess(executable: "/bin/sh", arguments: ["-c", command], environment: variables, workingDirectory: directory)
        let result = try await process.run { stream, chunk in splitter.feed(chunk, stream: stream) }
        splitter.flush()
        switch result.status {
        case .exited(0): return
        case .cancelled: throw CancellationError()
        case .exited(let code):
            let tail = String(decoding: result.stderr.suffix(600), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ShellStepError.failed(status: code, stderrTail: tail)
        case let other:
            throw ShellStepError.terminated(other.description)
        }
    }
}

/// Why a shell step failed.
public enum ShellStepError: Error, CustomStringConvertible {
    case failed(status: Int32, stderrTail: String)
    case terminated(String)
    case missingDirectory(String)

    public var description: String {
        switch self {
        case .failed(let status, let tail):
            "the command exited with status \(status)" + (tail.isEmpty ? "" : ": \(tail.split(separator: "\n").last ?? "")")
        case .terminated(let how): "the command \(how)"
        case .missingDirectory(let path): "working directory \(path) does not exist"
        }
    }
}

extension StepContext {
    /// The environment a step's child process gets: the runner's without its own credentials,
    /// the step's environment's temporary AWS credentials (as configure-aws-credentials sets
    /// them), then the run's variables (`PIPELINE_*`), then `extra`.
    func processEnvironment(adding extra: [String: String] = [:]) async throws -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var variables: [String: String]
        if let aws {
            variables = try await aws.childProcessEnvironment(for: environment, inheriting: inherited)
        } else {
            variables = inherited
            for name in AWSAccess.runnerSecrets { variables.removeValue(forKey: name) }
        }
        variables.merge(self.variables) { _, new in new }
        variables.merge(extra) { _, new in new }
        return variables
    }
}
