import Foundation

/// Which verbs besides `apply` do something. A verb a module does not support is not called by
/// a protocol 2 runner: its plan is one `run` change, its verify passes, its rollback is skipped.
public struct StepSupports: Codable, Sendable, Equatable {
    public var plan: Bool
    public var verify: Bool
    public var rollback: Bool

    public init(plan: Bool, verify: Bool, rollback: Bool) {
        self.plan = plan
        self.verify = verify
        self.rollback = rollback
    }
}
