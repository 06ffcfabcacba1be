import Foundation

/// How a run stands.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case running, succeeded, failed, rolledBack, rollbackFailed, awaitingApproval, cancelled
    /// Ended for good by `pipeline abandon`: never resumed, its locks freed.
    case abandoned
    /// Shown, never stored: recorded `running`, but its driver's lease lapsed (a crash, a lost
    /// machine); `pipeline resume` continues it.
    case interrupted

    public var isFinished: Bool {
        self == .succeeded || self == .failed || self == .rolledBack || self == .rollbackFailed || self == .abandoned
    }
}
