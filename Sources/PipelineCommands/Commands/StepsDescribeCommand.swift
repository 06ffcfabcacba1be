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

/// A module's parameter schema as rows for people: name, type, required, description (with its
/// allowed values, default and bounds).
struct ParameterTable {
    var rows: [[String]] = []

    init(schema: JSONValue?) {
        guard case .object(let root)? = schema, case .object(let properties)? = root["properties"] else { return }
        var required: Set<String> = []
        if case .array(let names)? = root["required"] { required = Set(names.compactMap { if case .string(let name) = $0 { name } else { nil } }) }
        for name in properties.keys.sorted() {
            guard case .object(let property)? = properties[name] else { continue }
            var about = property["description"].flatMap { if case .string(let text) = $0 { text } else { nil } } ?? ""
            if case .array(let values)? = property["enum"] { about += " (one of \(values.map(Self.text).joined(separator: ", ")))" }
            if let value = property["default"] { about += " (default \(Self.text(value)))" }
            if let minimum = property["minimum"] { about += " (at least \(Self.text(minimum)))" }
            if let maximum = property["maximum"] { about += " (at most \(Self.text(maximum)))" }
            let type = property["type"].map(Self.text) ?? "any"
            rows.append([name, type, required.contains(name) ? "yes" : "no", about.trimmingCharacters(in: .whitespaces)])
        }
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): "\(number)"
        case .double(let number): "\(number)"
        case .bool(let flag): "\(flag)"
        case .null: "null"
        case .array(let values): values.map(text).joined(separator: "|")
        case .object: "object"
        }
    }
}
