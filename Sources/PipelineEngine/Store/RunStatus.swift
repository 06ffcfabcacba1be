import Foundation

/// How a run stands.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case running, succeeded, failed, rolledBack, rollbackFailed, awaitingApproval, cancelled
    /// Ended for good by `pipeline abandon`: never resumed, its locks freed.
    case abandoned
    /// Between the CI jobs that drive it a stage each (`run --run-id`): a stage's job finished,
    /// and the next job continues the run (as `pipeline resume` would).
    case continuing
    /// Shown, never stored: recorded `running`, but its driver's lease lapsed (a crash, a lost
    /// machine); `pipeline resume` continues it.
    case interrupted

    public var isFinished: Bool {
        self == .succeeded || self == .failed || self == .rolledBack || self == .rollbackFailed || self == .abandoned
    }
}
