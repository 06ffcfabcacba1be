import ArgumentParser
import BuiltinSteps
import Foundation
import PipelineEngine

/// `pipeline steps [list]`: built-in steps and every team module found, with version, summary
/// and where each comes from.
struct StepsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the step modules this runner can use.")

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let workspace = Workspace.discover(stateDirectory: nil).root
        let entries = StepCatalogue.entries(workspace: workspace)
        if json {
            Terminal.standardOutput(String(decoding: try StepCatalogue.encoder.encode(entries), as: UTF8.self))
            return
        }
        var rows = [["NAME", "VERSION", "PROTOCOL", "FROM", "WHAT IT DOES"]]
        for entry in entries where entry.problem == nil {
            rows.append([entry.name, entry.version ?? "-", entry.protocol.map(String.init) ?? "-", entry.fromText, entry.summary ?? ""])
        }
        Terminal.standardOutput(RunsCommand.table(rows))
        for entry in entries {
            if let problem = entry.problem { Terminal.standardError("warning: \(entry.path ?? entry.name): \(problem)") }
        }
    }
}
