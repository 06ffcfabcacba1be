import Foundation

/// A stage's result within a run.
public struct StageRecord: Codable, Sendable, Equatable {
    public var runID: String
    public var name: String
    public var status: StageStatus
    public var startedAt: Date?
    public var finishedAt: Date?
    public var message: String?

    public init(runID: String, name: String, status: StageStatus, startedAt: Date? = nil, finishedAt: Date? = nil, message: String? = nil) {
        self.runID = runID
        self.name = name
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.message = message
    }
}
