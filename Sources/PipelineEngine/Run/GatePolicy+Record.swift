import Foundation
import PipelineModel

extension GatePolicy {
    /// What a stage's gate stands on when an approver decides: the stage, the gate the trusted
    /// approvers set, its current plan, and whether the run waits at its gate now.
    public struct Situation: Sendable {
        public var stage: StageDefinition
        public var gate: GateDefinition
        public var plan: EnvironmentPlan?
        public var waiting: Bool
        public var trust: GateReview.Trust
    }

    /// The gate of stage `name` of `run` as it stands in `store`, under the trust root in force
    /// (`proposed`: what the run's commit proposes).
    public static func situation(stage name: String, run: RunRecord, definition: PipelineDefinition, store: any RunStore,
                                 proposed: TrustRoot) throws -> Situation {
        guard let stage = definition.stage(named: name) else {
            throw EngineError.unknownStage(run: run.id, stage: name, known: definition.stages.map(\.name))
        }
        let trust = GateReview.trust(for: stage, run: run, store: store, proposed: proposed)
        guard let gate = trust.gate(of: stage) else { throw EngineError.stageHasNoGate(run: run.id, stage: name) }
        let plan = try stage.environment.flatMap { try store.plan(run: run.id, environment: $0.name) }
        let stages = try store.stages(run: run.id)
        let waiting = (run.status == .awaitingApproval || run.status == .running)
            && stages.contains { $0.name == name && $0.status == .awaitingApproval }
        return Situation(stage: stage, gate: gate, plan: plan, waiting: waiting, trust: trust)
    }

    /// Records `approval` (an approval or a rejection, already verified under `situation`'s
    /// trust root) after checking it against the rules and what is recorded, in one store
    /// transaction. A rejection of a run that nobody drives (paused at the gate) also fails the
    /// stage and the run, with the reason. `contributors`: who wrote or committed what the stage
    /// deploys (``ApprovalAuthority/contributors(after:upTo:)``). Recorded decisions whose
    /// ``GateReview/rowKey(_:)`` is in `disregarding` (a review refused them) neither fill a slot
    /// nor block one.
    public static func record(_ approval: ApprovalRecord, run: RunRecord, situation: Situation, store: any RunStore,
                              contributors: [String], disregarding: Set<String> = []) throws {
        try store.addApproval(approval) { existing in
            try check(approval, stage: situation.stage, gate: situation.gate, run: run, approvers: situation.trust.root.approvers,
                      existing: existing.filter { !disregarding.contains(GateReview.rowKey($0)) }, planHash: situation.plan?.hash,
                      waiting: situation.waiting, contributors: contributors)
        }
        if approval.isRejection && run.status == .awaitingApproval {
            let message = rejectionMessage(approval)
            try store.saveStage(StageRecord(runID: run.id, name: approval.stage, status: .failed, finishedAt: Date(), message: message))
            try store.updateRun(run.id, status: .failed, finishedAt: Date())
        }
    }

    /// `gate rejected by qa@… (QA Lead): <reason>`.
    public static func rejectionMessage(_ rejection: ApprovalRecord) -> String {
        "gate rejected by \(rejection.approver) (\(rejection.role)): \(rejection.proof.reason ?? "no reason given")"
    }
}
