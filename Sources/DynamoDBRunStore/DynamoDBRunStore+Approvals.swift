import AWS
import Foundation
import PipelineEngine

extension DynamoDBRunStore {
    /// Reads the stage's approvals version, then its approvals, runs `rule` on them, and writes the
    /// approval and the next version in one transaction only if the version is still the one read:
    /// of two approvers racing for one slot, exactly one is written; the other is tried again
    /// against the new approvals (and its rule decides).
    public func addApproval(_ approval: ApprovalRecord, rule: ([ApprovalRecord]) throws -> Void) throws {
        let pk = StateKeys.run(approval.runID)
        let versionKey = StateKeys.key(pk, StateKeys.approvalsVersion(stage: approval.stage))
        var item = StateKeys.key(pk, StateKeys.approval(stage: approval.stage, approver: approval.approver, planHash: approval.planHash,
                                                         nonce: approval.proof.nonce))
        item[RecordCoding.attribute] = try RecordCoding.encode(approval)
        try checkSize(item, "the approval of \(approval.approver) for stage \(approval.stage)")
        for attempt in 1...8 {
            let version = try get(pk, StateKeys.approvalsVersion(stage: approval.stage), what: "reading the approvals of stage \(approval.stage)")?["version"]?.intValue
            try rule(try approvals(run: approval.runID, stage: approval.stage))
            let unchanged = version.map { DynamoDBExpression("#v = :read", names: ["#v": "version"], values: [":read": .number($0)]) }
                ?? DynamoDBExpression("attribute_not_exists(#v)", names: ["#v": "version"])
            let bump = DynamoDBExpression("SET #v = :next", names: ["#v": "version"], values: [":next": .number((version ?? 0) + 1)])
            let written = try apply([.put(table, item, condition: DynamoDBExpression("attribute_not_exists(pk)")),
                                     .update(table, key: versionKey, bump, condition: unchanged)],
                                    fence: nil, what: "recording the approval of \(approval.approver) for stage \(approval.stage)")
            if written { return }
            Thread.sleep(forTimeInterval: Double.random(in: 0.005...0.03) * Double(attempt))
        }
        throw EngineError.storeFailure("the approvals of stage \(approval.stage) of run \(approval.runID) kept changing while \(approval.approver)'s approval was recorded; approve again")
    }

    public func approvals(run: String, stage: String) throws -> [ApprovalRecord] {
        try items(StateKeys.run(run), prefix: StateKeys.approvalPrefix(stage: stage), what: "reading the approvals of stage \(stage)")
            .map { try RecordCoding.decode(ApprovalRecord.self, from: $0, what: "an approval of run \(run)") }
            .sorted { $0.approvedAt < $1.approvedAt }
    }
}
