import ArgumentParser
import PipelineLoading
import PipelineModel

/// `pipeline graph FILE`: the stage graph as Mermaid or DOT.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graph", abstract: "Print the stage graph as Mermaid or Graphviz DOT.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }

    @Argument(help: "The pipeline file.")
    var file: String

    @Option(help: "mermaid or dot.")
    var format: Format = .mermaid

    func run() async throws {
        let graph = StageGraph(try await Loading.load(file).definition.stages)
        Terminal.standardOutput(format == .mermaid ? graph.mermaid() : graph.dot())
    }
}
