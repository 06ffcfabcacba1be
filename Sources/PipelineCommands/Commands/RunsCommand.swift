import ArgumentParser
import Foundation
import PipelineEngine

/// `pipeline runs`: the recorded runs, newest first.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List recorded runs, newest first.")

    @Option(help: "How many runs to show.")
    var limit = 20

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        let store = try workspace.openStore()
        let runs = try store.runs(limit: max(limit, 1))
        guard !runs.isEmpty else { throw WorkspaceError.noRuns }
        var rows = [["RUN", "PIPELINE", "STATUS", "COMMIT", "STARTED", "DURATION", "BY", "STAGE"]]
        for run in runs {
            let duration = run.finishedAt.map { ConsoleSink.duration(Int($0.timeIntervalSince(run.startedAt) * 1000)) } ?? "-"
            rows.append([run.id, run.pipeline, try store.observedStatus(of: run).rawValue, run.commit.map { String($0.prefix(12)) } ?? "-",
                         StatusCommand.time(run.startedAt), duration, run.triggeredBy, run.requestedStage ?? "all"])
        }
        Terminal.standardOutput(Self.table(rows))
    }

    static func table(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
