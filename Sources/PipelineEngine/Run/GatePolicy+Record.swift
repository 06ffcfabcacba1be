import Foundation
import PipelineModel

extension GatePolicy {
    /// Records `approver`'s approval of `stage` in `role` after checking it, bound to the run's
    /// commit and, for a deploy stage, to the hash of its saved plan (the plan approvers saw).
    /// Returns the approval and the gate's standing with it.
    @discardableResult
    public static func approve(stage name: String, role: String, approver: String, run: RunRecord,
                               definition: PipelineDefinition, store: any RunStore) throws -> (approval: ApprovalRecord, plan: EnvironmentPlan?, standing: Standing) {
        guard let stage = definition.stage(named: name) else {
            throw EngineError.unknownStage(run: run.id, stage: name, known: definition.stages.map(\.name))
        }
        guard let gate = stage.gate else { throw EngineError.stageHasNoGate(run: run.id, stage: name) }
        let plan = try stage.environment.flatMap { try store.plan(run: run.id, environment: $0.name) }
        let approval = ApprovalRecord(runID: run.id, stage: name, role: role, approver: approver, commit: run.commit, planHash: plan?.hash)
        try store.addApproval(approval) { existing in
            try check(approver: approver, role: role, stage: stage, run: run, approvers: definition.approvers,
                      existing: existing, planHash: plan?.hash)
        }
        let standing = standing(of: gate, approvals: try store.approvals(run: run.id, stage: name), commit: run.commit, planHash: plan?.hash)
        return (approval, plan, standing)
    }
}
