import ArgumentParser

/// `pipeline steps …`: the step modules this runner can use.
struct StepsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steps", abstract: "List the built-in step modules and the team modules found here, or describe one.",
        discussion: """
            Team modules are executables called pipeline-step-NAME in the repository's steps/, then on \
            PIPELINE_STEP_PATH, then on PATH; each answers the step protocol's describe handshake.
            """,
        subcommands: [StepsListCommand.self, StepsDescribeCommand.self], defaultSubcommand: StepsListCommand.self)
}
