import Foundation

/// One run of a pipeline.
public struct RunRecord: Codable, Sendable, Equatable {
    public var id: String
    public var pipeline: String
    public var pipelineFile: String
    /// The pipeline document the run executes (so `resume` runs exactly the same pipeline).
    public var document: Data
    public var status: RunStatus
    public var commit: String?
    public var branch: String?
    public var commitAuthor: String?
    public var commitMessage: String?
    public var dirty: Bool
    public var triggeredBy: String
    /// `--stage`, when the run was asked for one stage.
    public var requestedStage: String?
    public var startedAt: Date
    public var finishedAt: Date?

    public init(
        id: String, pipeline: String, pipelineFile: String, document: Data, status: RunStatus = .running,
        commit: String? = nil, branch: String? = nil, commitAuthor: String? = nil, commitMessage: String? = nil,
        dirty: Bool = false, triggeredBy: String, requestedStage: String? = nil, startedAt: Date = Date(),
        finishedAt: Date? = nil
    ) {
        self.id = id
        self.pipeline = pipeline
        self.pipelineFile = pipelineFile
        self.document = document
        self.status = status
        self.commit = commit
        self.branch = branch
        self.commitAuthor = commitAuthor
        self.commitMessage = commitMessage
        self.dirty = dirty
        self.triggeredBy = triggeredBy
        self.requestedStage = requestedStage
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// A new, sortable run id: `20261125-131500-a1b2`.
    public static func newID(at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date) + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }
}
