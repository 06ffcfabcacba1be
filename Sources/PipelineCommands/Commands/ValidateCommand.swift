import ArgumentParser
import Foundation
import PipelineLoading
import PipelineModel

/// `pipeline validate FILE`: loads and checks a pipeline file without running anything.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Load and check a pipeline file without running it.")

    @Argument(help: "The pipeline file.")
    var file: String

    @Flag(help: "Print the loaded pipeline document as JSON.")
    var json = false

    func run() async throws {
        let loaded = try await Loading.load(file)
        if json {
            Terminal.standardOutput(String(decoding: loaded.document, as: UTF8.self))
            return
        }
        let pipeline = loaded.definition
        var lines = ["\(file): pipeline '\(pipeline.name)' is valid: \(pipeline.stages.count) stages, "
                     + "\(pipeline.stages.reduce(0) { $0 + $1.steps.count }) steps, \(pipeline.environments.count) environments"]
        for name in StageGraph(pipeline.stages).topologicalOrder() {
            guard let stage = pipeline.stage(named: name) else { continue }
            var parts = ["  \(stage.name)"]
            if !stage.dependsOn.isEmpty { parts.append("after \(stage.dependsOn.joined(separator: ", "))") }
            if let environment = stage.environment { parts.append("→ \(environment.name) (\(environment.account), \(environment.region))") }
            if let gate = stage.gate { parts.append("gate: \(gate.summary)") }
            if stage.rollback != .none { parts.append("rollback: \(stage.rollback.summary)") }
            parts.append("[\(stage.steps.map(\.name).joined(separator: ", "))]")
            lines.append(parts.joined(separator: "  "))
        }
        Terminal.standardOutput(lines.joined(separator: "\n"))
    }
}
