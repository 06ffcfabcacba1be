import Foundation

/// One phase (apply, verify, rollback) of a step within a run.
public struct StepRecord: Codable, Sendable, Equatable {
    public enum Phase: String, Codable, Sendable { case apply, rollback }
    public enum Status: String, Codable, Sendable { case running, succeeded, failed, skipped, cancelled }

    public var runID: String
    public var stage: String
    public var name: String
    public var phase: Phase
    public var status: Status
    public var startedAt: Date
    public var finishedAt: Date?
    public var message: String?
    /// The machine and process that ran the step (its child processes carry
    /// `PIPELINE_RUN_ID`, so a later driver on that machine can find orphans and end them).
    public var host: String?
    public var pid: Int32?

    public init(runID: String, stage: String, name: String, phase: Phase, status: Status, startedAt: Date = Date(), finishedAt: Date? = nil,
                message: String? = nil, host: String? = ProcessInfo.processInfo.hostName, pid: Int32? = getpid()) {
        self.runID = runID
        self.stage = stage
        self.name = name
        self.phase = phase
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.message = message
        self.host = host
        self.pid = pid
    }
}
