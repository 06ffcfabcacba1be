import Foundation
import PipelineModel

/// What the engine needs to verify approvals, from the layer that reads the repository and
/// checks signatures: the trust root the run's commit proposes, a check of a kept proof against
/// a trust root, and who wrote the commits a stage would deploy.
public protocol ApprovalAuthority: Sendable {
    /// The approvers, keys, identity providers and gates the run's commit proposes.
    var proposed: TrustRoot { get }

    /// Nil when `record`'s kept statement and proof (SSH signature or OIDC token) verify under
    /// `trust` and the statement is the record's (run, stage, role, approver, commit, plan,
    /// decision); else why not.
    func verifyProof(_ record: ApprovalRecord, under trust: TrustRoot) async -> String?

    /// The names and e-mail addresses of the authors and committers of the commits after `base`
    /// (all of its history when nil) up to `commit`.
    func contributors(after base: String?, upTo commit: String?) -> [String]
}
