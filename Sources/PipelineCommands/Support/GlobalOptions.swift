import ArgumentParser
import Foundation

/// Options every subcommand that touches run state shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: "Where run records are kept (default: .pipeline/ in the repository root).")
    var stateDir: String?

    @Option(name: .customLong("state"), help: ArgumentHelp(
        "Where run state is kept, shared by every checkout that points at it: a folder, or a URL such as sqlite:///srv/pipeline-state or dynamodb://TABLE?region=REGION (default: $PIPELINE_STATE, else the pipeline file's state, else .pipeline/).",
        valueName: "url"))
    var state: String?

    /// `--state`, else `--state-dir`: the location `Workspace.discover` resolves.
    var stateDirectory: String? { state ?? stateDir }

    @Option(name: .customLong("log-format"), help: "Output format: human or json (JSON Lines events on stdout).")
    var logFormat: LogFormat = .human

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case human, json
    }
}
