import PipelineModel

/// The rules of approval gates: who may approve, and when a gate is satisfied.
public enum GatePolicy {
    /// How far a gate is from being satisfied.
    public struct Standing: Sendable, Equatable {
        public var satisfied: Bool
        /// Required roles nobody has approved in yet.
        public var missingRoles: [String]
        /// Distinct approvers so far, and how many are needed.
        public var approvers: Int
        public var needed: Int
    }

    /// The gate's standing given the approvals recorded for the run's commit and, for a deploy
    /// stage, its current saved plan (an approval given for another plan does not count).
    public static func standing(of gate: GateDefinition, approvals: [ApprovalRecord], commit: String?, planHash: String? = nil) -> Standing {
        let valid = current(approvals, commit: commit, planHash: planHash)
        let covered = Set(valid.map(\.role))
        let missing = gate.requiredRoles.filter { !covered.contains($0) }
        let people = Set(valid.map(\.approver)).count
        return Standing(satisfied: missing.isEmpty && people >= gate.minimumApprovers, missingRoles: missing,
                        approvers: people, needed: gate.minimumApprovers)
    }

    /// Throws unless `approver` may approve `stage` of `run` in `role`, given what is recorded.
    public static func check(
        approver: String, role: String, stage: StageDefinition, run: RunRecord,
        approvers: PipelineDefinition.Approvers, existing: [ApprovalRecord], planHash: String? = nil
    ) throws {
        guard let gate = stage.gate else { throw EngineError.stageHasNoGate(run: run.id, stage: stage.name) }
        if run.status.isFinished {
            throw EngineError.approvalRefused("run \(run.id) has already \(run.status == .succeeded ? "succeeded" : "finished (\(run.status.rawValue))")")
        }
        guard gate.roles.contains(role) else {
            throw EngineError.approvalRefused("the gate of stage '\(stage.name)' takes approvals from \(gate.roles.map { "'\($0)'" }.joined(separator: ", ")), not '\(role)'")
        }
        guard let held = approvers.members[approver] else {
            throw EngineError.approvalRefused("'\(approver)' is not a declared approver of pipeline '\(run.pipeline)'; approvers are declared in the pipeline file's Approvers([...])")
        }
        guard held.contains(role) else {
            throw EngineError.approvalRefused("'\(approver)' does not hold role '\(role)' (holds: \(held.joined(separator: ", ")))")
        }
        if gate.preventSelfApproval && approver == run.triggeredBy {
            throw EngineError.approvalRefused("'\(approver)' started run \(run.id) and this gate forbids self-approval")
        }
        let current = current(existing, commit: run.commit, planHash: planHash)
        if let own = current.first(where: { $0.approver == approver }) {
            throw EngineError.approvalRefused("'\(approver)' has already approved stage '\(stage.name)' as '\(own.role)'; one person cannot fill two roles of one gate")
        }
        if gate.minimumApprovers == gate.requiredRoles.count, let other = current.first(where: { $0.role == role }) {
            throw EngineError.approvalRefused("role '\(role)' of stage '\(stage.name)' is already approved by '\(other.approver)'")
        }
        if standing(of: gate, approvals: existing, commit: run.commit, planHash: planHash).satisfied {
            throw EngineError.approvalRefused("stage '\(stage.name)' already has every approval it needs")
        }
    }

    /// The approvals that count: for the run's commit and, when the stage has a plan, for that plan.
    static func current(_ approvals: [ApprovalRecord], commit: String?, planHash: String?) -> [ApprovalRecord] {
        approvals.filter { $0.commit == commit && (planHash == nil || $0.planHash == planHash) }
    }
}
