import Foundation
import PackagePlugin

/// `swift package pipeline SUBCOMMAND [ARGUMENTS…]`, in a Swift package that depends on this one.
///
/// Builds the `pipeline` runner (or takes the one `PIPELINE_RUNNER` names, say a runner built once
/// and handed to every CI job) and the `PipelineDescription` runtime it compiles pipeline files
/// against, builds every executable product of the package whose name starts with
/// `pipeline-step-`, puts the folders of those executables in front of `PIPELINE_STEP_PATH`, then
/// runs `pipeline SUBCOMMAND [ARGUMENTS…]` in the package directory with the runner's output
/// going straight to this command's. A runner that exits non-zero fails the command.
@main
struct PipelinePlugin: CommandPlugin {
    /// The step modules' name prefix the runner looks for (`docs/step-protocol.md`).
    static let stepPrefix = "pipeline-step-"

    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let runner = try runnerExecutable()
        let runtime = try buildRuntime()
        let stepFolders = try buildStepModules(of: context.package)

        var environment = ProcessInfo.processInfo.environment
        environment["PIPELINE_STEP_PATH"] = Self.stepPath(prepending: stepFolders, to: environment["PIPELINE_STEP_PATH"])
        // The runtime built with this runner, not whatever an installed runner would use.
        environment["PIPELINE_RUNTIME_DIR"] = runtime.path
        // Compiled pipelines are cached beside the build unless the caller chose a folder.
        if (environment["PIPELINE_CACHE_DIR"] ?? "").isEmpty {
            environment["PIPELINE_CACHE_DIR"] = context.pluginWorkDirectoryURL.appendingPathComponent("cache").path
        }

        let process = RunnerProcess(
            executable: runner, arguments: arguments, workingDirectory: context.package.directoryURL, environment: environment)
        let outcome = try process.run()
        switch outcome {
        case .exited(0):
            return
        case .exited(let status):
            Diagnostics.error("pipeline \(arguments.joined(separator: " ")) exited with status \(status)")
            exit(status)
        case .signalled(let signal):
            Diagnostics.error("pipeline \(arguments.joined(separator: " ")) was ended by signal \(signal)")
            exit(128 + signal)
        }
    }

    /// `folders` (in order, without repeats), then the entries of `existing`.
    static func stepPath(prepending folders: [String], to existing: String?) -> String {
        var entries: [String] = []
        for folder in folders where !entries.contains(folder) { entries.append(folder) }
        let rest = (existing ?? "").split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        return (entries + rest).joined(separator: ":")
    }
}
