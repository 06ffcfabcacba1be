import DynamoDBRunStore
import Foundation
import PipelineBasics
import PipelineEngine
import PipelineModel

/// Where run state lives, chosen once for every command: `--state URL` (or `--state-dir PATH`),
/// else `$PIPELINE_STATE`, else the pipeline file's `state:` (commands given a file), else
/// `.pipeline/` in the repository root (SQLite, the embedded default). A location is a path (a
/// folder holding `pipeline.sqlite`, or that file) or a URL: `sqlite:///abs/folder`, or
/// `dynamodb://TABLE?region=REGION[&role=ROLE_ARN]` (one table shared by many machines).
struct RunStoreSelection: Sendable, Equatable {
    enum Backend: Sendable, Equatable {
        /// SQLite in this folder (its `pipeline.sqlite`; run folders beside it).
        case sqlite(URL)
        /// One DynamoDB table; run folders stay in the repository's `.pipeline/`.
        case dynamoDB(DynamoDBStateLocation)
    }

    let backend: Backend
    /// As the user wrote it (for messages).
    let location: String

    static let knownSchemes = ["sqlite", DynamoDBStateLocation.scheme]

    /// Parses `location`; a relative path is taken from `base`.
    static func parse(_ location: String, base: URL) throws -> RunStoreSelection {
        let trimmed = location.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw RunStoreSelectionError.empty }
        if let range = trimmed.range(of: "://") {
            let scheme = trimmed[..<range.lowerBound].lowercased()
            let rest = String(trimmed[range.upperBound...])
            switch scheme {
            case "sqlite", "file":
                guard rest.hasPrefix("/") else { throw RunStoreSelectionError.relativeURL(location) }
                return RunStoreSelection(backend: .sqlite(folder(of: URL(fileURLWithPath: rest))), location: location)
            case DynamoDBStateLocation.scheme:
                return RunStoreSelection(backend: .dynamoDB(try DynamoDBStateLocation.parse(trimmed)), location: location)
            default:
                throw RunStoreSelectionError.unknownScheme(location, scheme: String(scheme), known: knownSchemes)
            }
        }
        let url = trimmed.hasPrefix("/") ? URL(fileURLWithPath: trimmed) : base.appendingPathComponent(trimmed)
        return RunStoreSelection(backend: .sqlite(folder(of: url.standardizedFileURL)), location: location)
    }

    /// The state a pipeline file declares (`Pipeline(…, state: .dynamoDB(…))`), nil for the default.
    static func declared(_ state: StateDefinition?) throws -> RunStoreSelection? {
        guard let url = state?.url else { return nil }
        do {
            return RunStoreSelection(backend: .dynamoDB(try DynamoDBStateLocation.parse(url)), location: url)
        } catch let error as DynamoDBStateError {
            throw RunStoreSelectionError.declared(state?.location.map { "\($0)" } ?? "the pipeline file", reason: error.description)
        }
    }

    /// A path naming the database file means its folder.
    private static func folder(of url: URL) -> URL {
        url.lastPathComponent == "pipeline.sqlite" ? url.deletingLastPathComponent() : url
    }

    /// The folder for run files (events.jsonl, summary.md) when the store is a local one.
    var localDirectory: URL? {
        switch backend {
        case .sqlite(let folder): folder
        case .dynamoDB: nil
        }
    }

    func open() throws -> any RunStore {
        switch backend {
        case .sqlite(let folder): try SQLiteRunStore(directory: folder)
        case .dynamoDB(let location): try location.open()
        }
    }
}

/// A state location that cannot be used.
enum RunStoreSelectionError: PipelineError {
    case empty
    case relativeURL(String)
    case unknownScheme(String, scheme: String, known: [String])
    case declared(String, reason: String)

    var description: String {
        switch self {
        case .empty:
            "--state (or PIPELINE_STATE) is empty; give a folder, or a URL such as sqlite:///srv/pipeline-state or dynamodb://TABLE?region=REGION"
        case .relativeURL(let location):
            "state location '\(location)' needs an absolute path after sqlite://, e.g. sqlite:///srv/pipeline-state"
        case .unknownScheme(let location, let scheme, let known):
            "state location '\(location)': unknown store '\(scheme)://'; this runner knows \(known.map { "\($0)://" }.joined(separator: ", ")) and plain folder paths"
        case .declared(let place, let reason):
            "\(place): error: \(reason)"
        }
    }

    var reportPrefix: String {
        if case .declared = self { return "" }
        return "error: "
    }

    var isUserError: Bool { true }
}
