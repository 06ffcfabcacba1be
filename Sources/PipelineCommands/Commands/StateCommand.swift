import ArgumentParser

/// `pipeline state …`: where run state is kept.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Set up the run state shared by every machine that runs a pipeline.",
        subcommands: [StateInitCommand.self])
}
