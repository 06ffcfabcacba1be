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

    /// `command` and `environment` hold secrets as references (`${{ secrets.NAME }}`), resolved
    /// here, just before the process starts; the plan, the step's name and the store keep them.
    static func run(_ command: String, context: StepContext, environment: [String: String], workingDirectory: String?) async throws {
        let secrets = context.secretResolver
        let command = try secrets.resolve(command)
        var resolved: [String: String] = [:]
        for (key, value) in environment { resolved[key] = try secrets.resolve(value) }
        let variables = try await context.processEnvironment(adding: resolved)
        let directory = workingDirectory.map { context.workspace.appendingPathComponent($0).path } ?? context.workspace.path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw ShellStepError.missingDirectory(directory)
        }
        let splitter = LineSplitter(context: context)
        var process = ChildProcess(executable: "/bin/sh", arguments: ["-c", command], environment: variables, workingDirectory: directory)
        StepAccount.current?.apply(to: &process)
        process.retainedOutputLimit = 64 * 1024  // the output is streamed to the step's log; only stderr's tail is read here
        let result = try await process.run { stream, chunk in splitter.feed(chunk, stream: stream) }
        splitter.flush()
        context.warnAboutLingering(result)
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
    /// Resolves the pipeline's secret references (registered by the runner; none outside a run).
    var secretResolver: SecretReference.Resolver {
        services.resolve(SecretReference.Resolver.self) ?? SecretReference.Resolver(declared: [], environment: [:])
    }

    /// Reports processes that outlived the step's process and kept its output open.
    func warnAboutLingering(_ result: ChildProcess.Result) {
        guard !result.lingering.isEmpty else { return }
        let list = result.lingering.map(\.description).joined(separator: ", ")
        warn("step '\(step.name)': \(result.lingering.count == 1 ? "a process" : "\(result.lingering.count) processes") outlived the step's own process and kept its output open: \(list); the step ended when its process did and they were left running; stop them before the step ends, or redirect their output (> file 2>&1)")
    }

    /// The environment a step's child process gets: the runner's without its own credentials,
    /// the step's environment's temporary AWS credentials (as configure-aws-credentials sets
    /// them), then the run's variables (`PIPELINE_*`), then `extra`.
    func processEnvironment(adding extra: [String: String] = [:]) async throws -> [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var variables: [String: String]
        if let aws {
            variables = try await aws.childProcessEnvironment(for: environment, inheriting: inherited)
        } else {
            variables = AWSAccess.withoutRunnerSecrets(inherited)
        }
        variables.merge(self.variables) { _, new in new }
        variables.merge(extra) { _, new in new }
        return variables
    }
}
