import Foundation
import PipelineModel

/// A gate as it stands when it is checked: the trust root it applies (the one recorded at its
/// environment's last deployment, or the commit's own on first use), the gate that trust root
/// sets, and each recorded decision verified again from its kept statement and proof, counted
/// or refused with the reason. The engine passes a gate on a review, never on store rows alone;
/// `pipeline approve` and `pipeline status --verify` apply the same rules.
public struct GateReview: Sendable {
    /// A recorded decision that does not count, and why.
    public struct Refusal: Sendable, Equatable {
        public var approval: ApprovalRecord
        public var reason: String
    }

    /// The trust root in force, and where it comes from.
    public struct Trust: Sendable {
        public var root: TrustRoot
        /// e.g. `recorded at run R's deployment of commit C to prod`.
        public var source: String
        /// No deployment of the environment recorded one: the commit's own is trusted on first use.
        public var firstUse: Bool
        /// The commit proposes a different trust root (it takes effect once deployed).
        public var changed: Bool
        /// The commit of the environment's last deployment, if any.
        public var lastDeployedCommit: String?

        /// The gate that applies to `stage`: the trusted one of its environment, else its own.
        public func gate(of stage: StageDefinition) -> GateDefinition? {
            stage.environment.flatMap { root.gates[$0.name] } ?? stage.gate
        }
    }

    public var trust: Trust
    public var gate: GateDefinition
    /// The decisions that count, for the run's commit and the stage's current plan.
    public var counted: [ApprovalRecord]
    public var refused: [Refusal]
    public var standing: GatePolicy.Standing

    /// Tells recorded decisions apart (approver, role, statement nonce, time).
    public static func rowKey(_ approval: ApprovalRecord) -> String {
        "\(approval.approver)|\(approval.role)|\(approval.proof.nonce ?? "")|\(approval.approvedAt.timeIntervalSince1970)"
    }

    /// The trust root that decides `stage`'s gate in `run`.
    public static func trust(for stage: StageDefinition, run: RunRecord, store: any RunStore, proposed: TrustRoot) -> Trust {
        trust(for: stage, commit: run.commit, excludingRun: run.id, store: store, proposed: proposed)
    }

    /// The trust root that decides `stage`'s gate for a run of `commit` (other than `excludingRun`).
    public static func trust(for stage: StageDefinition, commit: String?, excludingRun: String?, store: (any RunStore)?,
                             proposed: TrustRoot) -> Trust {
        guard let environment = stage.environment?.name else {
            return Trust(root: proposed, source: "the commit's own (stage '\(stage.name)' deploys no environment)", firstUse: false,
                         changed: false, lastDeployedCommit: nil)
        }
        let last = try? store?.lastDeployment(environment: environment, excluding: excludingRun)
        guard let last, let recorded = last.trust else {
            let source = "commit \(commit?.prefix(12) ?? "(none)")'s own, trusted on first use: no deployment to \(environment) recorded one"
            return Trust(root: proposed, source: source, firstUse: true, changed: false, lastDeployedCommit: last?.commit)
        }
        let source = "recorded at run \(last.runID)'s deployment of commit \(last.commit?.prefix(12) ?? "(none)") to \(environment)"
        return Trust(root: recorded, source: source, firstUse: false, changed: !recorded.grantsSame(as: proposed),
                     lastDeployedCommit: last.commit)
    }

    /// Reviews the decisions recorded for `stage` of `run` for its plan `planHash`. Without an
    /// authority (the engine alone, in tests) the rules are applied but a signed proof cannot be
    /// checked, so it does not count.
    public static func review(stage: StageDefinition, run: RunRecord, store: any RunStore, authority: (any ApprovalAuthority)?,
                              proposed: TrustRoot, planHash: String?) async throws -> GateReview? {
        let trust = trust(for: stage, run: run, store: store, proposed: proposed)
        guard let gate = trust.gate(of: stage) else { return nil }
        let recorded = GatePolicy.current(try store.approvals(run: run.id, stage: stage.name), commit: run.commit, planHash: planHash)
        let contributors = authority?.contributors(after: trust.lastDeployedCommit, upTo: run.commit) ?? []
        var counted: [ApprovalRecord] = [], refused: [Refusal] = [], nonces: Set<String> = []
        for approval in recorded {
            var reason = GatePolicy.ruleProblem(approval, stage: stage.name, gate: gate, run: run, approvers: trust.root.approvers,
                                                contributors: contributors)
            if reason == nil, approval.proof.method != .unverified {
                if let authority {
                    reason = await authority.verifyProof(approval, under: trust.root)
                } else {
                    reason = "its proof cannot be checked here"
                }
            }
            if reason == nil, let nonce = approval.proof.nonce, !nonces.insert(nonce).inserted {
                reason = "its statement (nonce \(nonce.prefix(12))) is already counted; a signed statement counts once"
            }
            if reason == nil, counted.contains(where: { $0.approver == approval.approver }) {
                reason = "'\(approval.approver)' has already decided on this gate; one person fills one slot"
            }
            if let reason { refused.append(Refusal(approval: approval, reason: reason)) } else { counted.append(approval) }
        }
        let standing = GatePolicy.standing(of: gate, approvals: counted, commit: run.commit, planHash: planHash)
        return GateReview(trust: trust, gate: gate, counted: counted, refused: refused, standing: standing)
    }
}
