import Foundation

/// A typed event of a run. Every sink (JSON Lines, console, GitHub Actions) receives the same
/// events, already masked. The JSON form is documented in `docs/events.md` and versioned by
/// `schema`.
public struct PipelineEvent: Codable, Sendable, Equatable {
    /// The version of this event format.
    public static let schemaVersion = 1

    public enum Kind: String, Codable, Sendable {
        case runStarted, runFinished, runResumed
        case stageStarted, stageFinished, stageSkipped
        case gateWaiting, gateSatisfied, gateRejected
        case stepStarted, stepOutput, stepSummary, stepFinished, stepSkipped
        case rollbackStarted, rollbackFinished
        case planned
        /// The AWS calls the run made, counted at the transport (details: calls per operation and per kind).
        case awsCalls
        case diagnostic
        case warning
    }

    public var schema: Int
    public var sequence: Int
    public var time: Date
    public var kind: Kind
    public var runID: String
    public var pipeline: String?
    public var commit: String?
    public var stage: String?
    public var step: String?
    /// For step events: `apply` or `rollback`.
    public var phase: String?
    /// The outcome, for `*Finished` events (a `RunStatus`, `StageStatus` or step status).
    public var status: String?
    public var durationMs: Int?
    public var message: String?
    /// For `stepOutput`: `stdout` or `stderr`.
    public var stream: String?
    /// Where in the pipeline file, when the event is about a declaration.
    public var file: String?
    public var line: Int?
    /// For `diagnostic`: the column, the rule id and `error` or `warning`.
    public var column: Int?
    public var rule: String?
    public var severity: String?
    /// Extra fields, e.g. a gate's missing roles.
    public var details: [String: String]?

    public init(
        kind: Kind, runID: String, pipeline: String? = nil, commit: String? = nil, stage: String? = nil, step: String? = nil,
        phase: String? = nil, status: String? = nil, durationMs: Int? = nil, message: String? = nil, stream: String? = nil,
        file: String? = nil, line: Int? = nil, details: [String: String]? = nil, time: Date = Date()
    ) {
        self.schema = Self.schemaVersion
        self.sequence = 0
        self.time = time
        self.kind = kind
        self.runID = runID
        self.pipeline = pipeline
        self.commit = commit
        self.stage = stage
        self.step = step
        self.phase = phase
        self.status = status
        self.durationMs = durationMs
        self.message = message
        self.stream = stream
        self.file = file
        self.line = line
        self.details = details
    }

    /// One JSON line (sorted keys, ISO-8601 times with milliseconds).
    public func jsonLine() -> Data {
        var data = (try? Self.encoder.encode(self)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(PipelineEvent.timestamp(date))
        }
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            guard let date = formatter.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad time \(text)"))
            }
            return date
        }
        return decoder
    }()

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
