import Foundation

/// One person's decision on a gated stage (an approval, or a rejection with a reason), bound to
/// the run's commit and the plan they saw, with how their identity was proven.
public struct ApprovalRecord: Codable, Sendable, Equatable {
    public var runID: String
    public var stage: String
    public var role: String
    public var approver: String
    public var commit: String?
    public var approvedAt: Date
    /// The hash of the stage's saved plan when it was approved (a new plan voids the approval).
    public var planHash: String?
    /// What was decided, and the proof of who decided it.
    public var proof: ApprovalProof

    public init(runID: String, stage: String, role: String, approver: String, commit: String?, approvedAt: Date = Date(),
                planHash: String? = nil, proof: ApprovalProof = ApprovalProof()) {
        self.runID = runID
        self.stage = stage
        self.role = role
        self.approver = approver
        self.commit = commit
        self.approvedAt = approvedAt
        self.planHash = planHash
        self.proof = proof
    }

    public var isRejection: Bool { proof.decision == .reject }
}
