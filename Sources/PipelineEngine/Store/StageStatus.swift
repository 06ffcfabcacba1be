import Foundation

/// How a stage of a run stands.
public enum StageStatus: String, Codable, Sendable {
    case pending, running, succeeded, failed, rolledBack, rollbackFailed, skipped, blocked, awaitingApproval, cancelled
}
