import ArgumentParser
import PipelineEngine

/// The runner's documented exit codes.
enum ExitStatus {
    static let success: Int32 = 0
    static let failed: Int32 = 1
    /// `plan --detailed-exitcode` found changes; `ci github --check` found the workflows stale.
    static let differs: Int32 = 2
    static let rolledBack: Int32 = 3
    static let awaitingApproval: Int32 = 4
    static let rollbackFailed: Int32 = 5
    static let badInput: Int32 = 64
    static let internalError: Int32 = 70
    static let cancelled: Int32 = 130

    static func code(for status: RunStatus) -> Int32 {
        switch status {
        case .succeeded, .continuing: success
        case .failed, .running, .interrupted, .abandoned: failed
        case .rolledBack: rolledBack
        case .awaitingApproval: awaitingApproval
        case .rollbackFailed: rollbackFailed
        case .cancelled: cancelled
        }
    }

}
