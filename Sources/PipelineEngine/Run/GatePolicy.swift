import Foundation
import PipelineModel

/// The rules of approval gates: who may approve, when, and when a gate is satisfied.
///
/// An approval counts only for the run's commit and, for a deploy stage, its current saved plan;
/// it is accepted only while the run waits at that gate; each person fills one role of a gate;
/// with `preventSelfApproval` (the default) neither the run's starter nor an author or committer
/// of a commit it deploys may approve; an unverified approval counts only where the pipeline allows unsigned approvals. A
/// rejection by an approver of the gate fails it.
public enum GatePolicy {
    /// How far a gate is from being satisfied.
    public struct Standing: Sendable, Equatable {
        public var satisfied: Bool
        /// Required roles nobody has approved in yet.
        public var missingRoles: [String]
        /// Distinct approvers so far, and how many are needed.
        public var approvers: Int
        public var needed: Int
        /// The rejection that failed the gate, if any.
        public var rejection: ApprovalRecord?
    }

    /// The gate's standing given the decisions recorded for the run's commit and, for a deploy
    /// stage, its current saved plan (a decision given for another plan does not count).
    public static func standing(of gate: GateDefinition, approvals: [ApprovalRecord], commit: String?, planHash: String? = nil) -> Standing {
        let valid = current(approvals, commit: commit, planHash: planHash)
        let rejection = valid.first(where: \.isRejection)
        let approved = valid.filter { !$0.isRejection }
        let covered = Set(approved.map(\.role))
        let missing = gate.requiredRoles.filter { !covered.contains($0) }
        let people = Set(approved.map(\.approver)).count
        return Standing(satisfied: rejection == nil && missing.isEmpty && people >= gate.minimumApprovers, missingRoles: missing,
                        approvers: people, needed: gate.minimumApprovers, rejection: rejection)
    }

    /// Throws unless `approval` may be recorded for `stage` of `run`, given what is recorded.
    /// `waiting` says whether the run is waiting at this stage's gate now.
    /// `gate` and `approvers` are the trusted ones (``GateReview``); `contributors` the authors and
    /// committers of the commits the stage would deploy.
    public static func check(
        _ approval: ApprovalRecord, stage: StageDefinition, gate: GateDefinition, run: RunRecord, approvers: PipelineDefinition.Approvers,
        existing: [ApprovalRecord], planHash: String?, waiting: Bool, contributors: [String] = []
    ) throws {
        let approver = approval.approver, role = approval.role, verb = approval.isRejection ? "reject" : "approve"
        if run.status.isFinished {
            throw EngineError.approvalRefused("run \(run.id) has already \(run.status == .succeeded ? "succeeded" : "finished (\(run.status.rawValue))")")
        }
        guard waiting else {
            throw EngineError.approvalRefused("run \(run.id) is not waiting at the gate of stage '\(stage.name)'; approvals are accepted only while the run waits there (see `pipeline status \(run.id)`)")
        }
        guard approval.commit == run.commit else {
            throw EngineError.approvalRefused("the statement is for commit \(approval.commit?.prefix(12) ?? "none"), but run \(run.id) deploys \(run.commit?.prefix(12) ?? "no commit")")
        }
        guard approval.planHash == planHash else {
            throw EngineError.approvalRefused("the statement is for plan \(approval.planHash?.prefix(12) ?? "none"), but stage '\(stage.name)' has plan \(planHash?.prefix(12) ?? "none") now; review the current plan and approve again")
        }
        if let problem = ruleProblem(approval, stage: stage.name, gate: gate, run: run, approvers: approvers, contributors: contributors) {
            throw EngineError.approvalRefused(problem)
        }
        if let nonce = approval.proof.nonce, existing.contains(where: { $0.proof.nonce == nonce }) {
            throw EngineError.approvalRefused("this statement (nonce \(nonce.prefix(12))) has already been recorded; a signed statement counts once")
        }
        let current = current(existing, commit: run.commit, planHash: planHash)
        if let rejection = current.first(where: \.isRejection) {
            throw EngineError.approvalRefused("stage '\(stage.name)' was rejected by '\(rejection.approver)': \(rejection.proof.reason ?? "no reason given")")
        }
        if let own = current.first(where: { $0.approver == approver }) {
            throw EngineError.approvalRefused("'\(approver)' has already approved stage '\(stage.name)' as '\(own.role)'; one person cannot fill two roles of one gate, nor \(verb) twice")
        }
        guard !approval.isRejection else { return }
        if gate.minimumApprovers == gate.requiredRoles.count, let other = current.first(where: { $0.role == role }) {
            throw EngineError.approvalRefused("role '\(role)' of stage '\(stage.name)' is already approved by '\(other.approver)'")
        }
        if standing(of: gate, approvals: existing, commit: run.commit, planHash: planHash).satisfied {
            throw EngineError.approvalRefused("stage '\(stage.name)' already has every approval it needs")
        }
    }

    /// Why `approval` may not count for `stage`'s `gate` under the trusted `approvers`, or nil:
    /// the rules that hold whenever it is counted (binding to the run and commit, role, membership,
    /// signed where required, self-approval), whatever the store says.
    public static func ruleProblem(_ approval: ApprovalRecord, stage: String, gate: GateDefinition, run: RunRecord,
                                   approvers: PipelineDefinition.Approvers, contributors: [String]) -> String? {
        let approver = approval.approver, role = approval.role
        guard approval.runID == run.id, approval.stage == stage else {
            return "the decision is recorded for run \(approval.runID) stage '\(approval.stage)', not run \(run.id) stage '\(stage)'"
        }
        guard approval.commit == run.commit else {
            return "the decision is for commit \(approval.commit?.prefix(12) ?? "none"), but run \(run.id) deploys \(run.commit?.prefix(12) ?? "no commit")"
        }
        guard gate.roles.contains(role) else {
            return "the gate of stage '\(stage)' takes approvals from \(gate.roles.map { "'\($0)'" }.joined(separator: ", ")), not '\(role)'"
        }
        guard let held = approvers.members[approver] else {
            return "'\(approver)' is not a trusted approver of pipeline '\(run.pipeline)'; approvers are declared in the pipeline file's Approvers([...]) and trusted once deployed (`pipeline approvers`)"
        }
        guard held.contains(role) else {
            return "'\(approver)' does not hold role '\(role)' (holds: \(held.joined(separator: ", ")))"
        }
        if approval.proof.method == .unverified && !approvers.allowUnsigned {
            return "pipeline '\(run.pipeline)' accepts only signed approvals: sign with your SSH key (`--key`) or an OIDC token (`--token`)"
        }
        if gate.preventSelfApproval, let reason = selfApproval(approver, run: run, approvers: approvers, contributors: contributors) {
            return "'\(approver)' \(reason) and the gate of stage '\(stage)' forbids self-approval"
        }
        return nil
    }

    /// Why `approver` counts as approving their own change, or nil: they started the run (by
    /// name, or a CI login an identity provider maps to them), or they wrote or committed one of
    /// the commits it deploys (`contributors`: names and e-mail addresses; the run's commit
    /// author always counts).
    static func selfApproval(_ approver: String, run: RunRecord, approvers: PipelineDefinition.Approvers, contributors: [String] = []) -> String? {
        let starters = [run.triggeredBy] + approvers.identityProviders.compactMap { $0.identities[run.triggeredBy] }
        if starters.contains(where: { approver.caseInsensitiveCompare($0) == .orderedSame }) { return "started run \(run.id)" }
        var names = contributors
        if let author = run.commitAuthor {
            names.append(author)
            if let open = author.lastIndex(of: "<"), let close = author.lastIndex(of: ">"), open < close {
                names += [String(author[author.index(after: open)..<close]), author[..<open].trimmingCharacters(in: .whitespaces)]
            }
        }
        if names.contains(where: { !$0.isEmpty && $0.caseInsensitiveCompare(approver) == .orderedSame }) {
            return "wrote or committed a change that run \(run.id) deploys (commit \(run.commit?.prefix(12) ?? "") or one since the environment's last deployment)"
        }
        return nil
    }

    /// The decisions that count: for the run's commit and, when the stage has a plan, for that plan.
    static func current(_ approvals: [ApprovalRecord], commit: String?, planHash: String?) -> [ApprovalRecord] {
        approvals.filter { $0.commit == commit && (planHash == nil || $0.planHash == planHash) }
    }
}
