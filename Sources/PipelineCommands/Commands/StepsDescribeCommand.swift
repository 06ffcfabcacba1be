import ArgumentParser
import BuiltinSteps
import Foundation
import PipelineModel

/// `pipeline steps describe NAME`: one module's version, origin, verbs and parameters.
struct StepsDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Describe one step module and its parameters.")

    @Argument(help: "The module's name (as in Custom(\"NAME\")) or a built-in step kind.")
    var name: String

    @Flag(name: .long, help: "Print the module's describe answer as JSON.")
    var json = false

    func run() async throws {
        let workspace = Workspace.discover(stateDirectory: nil).root
        let entry = try StepCatalogue.entry(named: name, workspace: workspace)
        if json {
            Terminal.standardOutput(String(decoding: try StepCatalogue.encoder.encode(entry), as: UTF8.self))
            return
        }
        var lines = ["\(entry.name) \(entry.version ?? "")".trimmingCharacters(in: .whitespaces)]
        if let summary = entry.summary { lines.append("  \(summary)") }
        lines.append("  from: \(entry.fromText)")
        if let version = entry.protocol { lines.append("  protocol: \(version)") }
        if let supports = entry.supports {
            let verbs = ["apply"] + [("plan", supports.plan), ("verify", supports.verify), ("rollback", supports.rollback)].filter(\.1).map(\.0)
            lines.append("  verbs: \(verbs.joined(separator: ", "))")
        }
        if entry.requiresEnvironment == true { lines.append("  acts on an environment: use it in a Deploy(env) stage") }
        let parameters = ParameterTable(schema: entry.parameters)
        if parameters.rows.isEmpty {
            lines.append(entry.source == "built-in" ? "" : "  parameters: \(entry.parameters == nil ? "not described (any accepted)" : "none")")
        } else {
            lines.append("")
            lines.append(RunsCommand.table([["PARAMETER", "TYPE", "REQUIRED", "DESCRIPTION"]] + parameters.rows))
        }
        Terminal.standardOutput(lines.joined(separator: "\n").trimmingCharacters(in: .newlines))
    }
}
