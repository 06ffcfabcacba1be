import ArgumentParser
import Foundation

/// Options every subcommand that touches run state shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: "Where run records are kept (default: .pipeline/ in the repository root).")
    var stateDirectory: String?

    @Option(name: .customLong("log-format"), help: "Output format: human or json (JSON Lines events on stdout).")
    var logFormat: LogFormat = .human

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case human, json
    }
}
