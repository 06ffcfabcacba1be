import ArgumentParser

/// `pipeline ci …`: what a CI system needs to run a pipeline.
struct CICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ci", abstract: "Set up what a CI system needs to run a pipeline.",
        subcommands: [CIGitHubCommand.self, CIAWSCommand.self])
}
