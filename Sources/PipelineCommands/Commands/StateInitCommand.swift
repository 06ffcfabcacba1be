import AWS
import ArgumentParser
import DynamoDBRunStore
import Foundation

/// `pipeline state init [--state URL]`: creates the DynamoDB state table (on-demand billing, the
/// newest-runs index, point-in-time recovery on, tags) or confirms it; running it again changes
/// nothing. Uses the runner's own credentials.
struct StateInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the DynamoDB state table (on-demand, point-in-time recovery on, tagged); safe to run again.")

    @Option(name: .customLong("state"), help: ArgumentHelp(
        "The state to set up: dynamodb://TABLE?region=REGION[&role=ROLE_ARN] (default: $PIPELINE_STATE).", valueName: "url"))
    var state: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag for the table, KEY=VALUE (repeatable).", valueName: "key=value"))
    var tags: [String] = []

    func validate() throws {
        for tag in tags where tag.split(separator: "=", maxSplits: 1).count != 2 || tag.hasPrefix("=") {
            throw ValidationError("--tag '\(tag)' is not KEY=VALUE, e.g. --tag Team=platform")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let text = state ?? environment["PIPELINE_STATE"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ValidationError("state init needs a location: --state dynamodb://TABLE?region=REGION (or PIPELINE_STATE)")
        }
        guard text.lowercased().hasPrefix("\(DynamoDBStateLocation.scheme)://") else {
            Terminal.standardOutput("\(text) is a local SQLite state: it needs no init, it is created by the first run")
            return
        }
        let location = try DynamoDBStateLocation.parse(text, environment: environment)
        let client = try location.client(environment: environment)
        let extra = tags.map { tag in
            let parts = tag.split(separator: "=", maxSplits: 1).map(String.init)
            return DynamoDBTag(parts[0], parts[1])
        }
        let report: StateTable.InitReport
        do {
            report = try await StateTable.ensure(client, table: location.table, tags: extra)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw DynamoDBStateError.cannotConnect(location.url, reason: "\(error)")
        }
        for line in report.lines { Terminal.standardOutput(line) }
        Terminal.standardOutput("""
            state ready: pass --state '\(location.url)' (or set PIPELINE_STATE) on every machine, \
            or declare it in the pipeline file: Pipeline(…, state: .dynamoDB(table: "\(location.table)", region: "\(location.region)"))
            """)
    }
}
