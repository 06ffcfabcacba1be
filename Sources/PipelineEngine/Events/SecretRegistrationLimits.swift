import Foundation
import Synchronization

/// What a step may register as a secret: at most ``perStep`` values (a step that prints
/// thousands of `::secret::` lines would otherwise keep the runner busy rebuilding its masker),
/// and never the run's own metadata (the run id, the commit, the pipeline's, stages', steps' and
/// environments' names, status words), which a step could otherwise blank from every later
/// record. One per step phase; the executor asks it before registering a value.
public final class SecretRegistrationLimits: Sendable {
    public static let perStep = 100

    enum Decision: Equatable {
        case register
        /// The value is run metadata; the warning says which.
        case refusedMetadata(String)
        /// The step reached its limit; `firstTime` says whether to warn now.
        case overLimit(firstTime: Bool)
    }

    private let protected: Set<String>
    private let commit: String?
    private let count = Mutex(0)

    /// - Parameters:
    ///   - names: the pipeline's, stages', steps' and environments' names, the run id.
    ///   - commit: the run's commit; it and every prefix of seven or more of its characters are refused.
    init(names: [String], commit: String?) {
        let statuses = ["running", "succeeded", "failed", "skipped", "cancelled", "rolledBack", "rollbackFailed", "awaitingApproval",
                        "pending", "blocked", "abandoned", "interrupted", "passed", "approved", "rejected"]
        protected = Set((names + statuses).map { $0.lowercased() })
        self.commit = commit?.lowercased()
    }

    func decide(_ value: String) -> Decision {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if protected.contains(trimmed) { return .refusedMetadata("it is a name or status word of this run") }
        if let commit, trimmed.count >= 7, commit.hasPrefix(trimmed) { return .refusedMetadata("it is (part of) the run's commit id") }
        return count.withLock { registered in
            registered += 1
            if registered <= Self.perStep { return .register }
            return .overLimit(firstTime: registered == Self.perStep + 1)
        }
    }
}
