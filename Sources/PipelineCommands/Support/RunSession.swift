import ArgumentParser
import Foundation
import Logging
import PipelineEngine
import PipelineModel

/// Executes a run (new or resumed) with the sinks the options ask for, SIGINT/SIGTERM
/// cancellation, the Markdown summary, and the exit code.
struct RunSession {
    let definition: PipelineDefinition
    let run: RunRecord
    let store: any RunStore
    let workspace: Workspace
    let options: RunOptions
    let logFormat: GlobalOptions.LogFormat
    let resuming: Bool

    func execute() async -> ExitCode {
        let environment = ProcessInfo.processInfo.environment
        let inGitHub = environment["GITHUB_ACTIONS"] == "true"
        let masker = SecretMasker(definition.secrets.compactMap { environment[$0] })
        var sinks: [any EventSink] = []
        switch logFormat {
        case .json: sinks.append(JSONLinesStdoutSink())
        case .human: sinks.append(ConsoleSink(colour: Terminal.useColour, githubActions: inGitHub))
        }
        if inGitHub {
            let github = GitHubActionsSink()
            for value in masker.values { github.addMask(value) }
            masker.onRegister { github.addMask($0) }
            sinks.append(github)
        }
        let summary = RunSummarySink()
        sinks.append(summary)
        let directory = workspace.runDirectory(run.id)
        let previous = resuming ? ((try? store.events(run: run.id))?.count ?? 0) : 0
        let hub = EventHub(masker: masker, sinks: sinks, store: store,
                           logFile: directory.appendingPathComponent("events.jsonl"), startSequence: previous)
        let executor = RunExecutor(
            definition: definition, run: run, store: store, registry: BuiltinStepsRegistry.make(), hub: hub,
            options: options, workspace: workspace.root)

        let task = Task { await executor.execute(resuming: resuming) }
        let signals = SignalTrap([SIGINT, SIGTERM]) { task.cancel() }
        let status = await task.value
        signals.release()
        hub.finish()

        var approvals: [String: [ApprovalRecord]] = [:]
        for stage in definition.stages where stage.gate != nil {
            approvals[stage.name] = try? store.approvals(run: run.id, stage: stage.name)
        }
        let markdown = masker.mask(summary.markdown(run: run, definition: definition, status: status,
                                                    stages: (try? store.stages(run: run.id)) ?? [], approvals: approvals))
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? Data(markdown.utf8).write(to: directory.appendingPathComponent("summary.md"), options: .atomic)
        if inGitHub, let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            GitHubActionsSink.appendSummary(markdown, to: path)
        }
        return ExitCode(ExitStatus.code(for: status))
    }
}

/// Turns SIGINT/SIGTERM into a callback while installed, instead of killing the process.
final class SignalTrap {
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    init(_ signals: [Int32], handler: @escaping @Sendable () -> Void) {
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func release() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
