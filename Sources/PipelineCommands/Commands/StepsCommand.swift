import BuiltinSteps
import ArgumentParser
import PipelineEngine

/// `pipeline steps`: the step modules this runner knows.
struct StepsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "steps", abstract: "List the step modules this runner knows.")

    func run() async throws {
        let catalogue = BuiltinSteps.registry().catalogue
        Terminal.standardOutput(RunsCommand.table([["KIND", "WHAT IT DOES"]] + catalogue.map { [$0.kind, $0.summary] }))
    }
}
