import AWS
import Foundation
import PipelineEngine

extension DynamoDBRunStore {
    /// Sets a stage's or step's record, keeping when it was first saved (the order reads return).
    func recordUpdate(_ record: some Encodable, status: String, now: Date = Date()) throws -> DynamoDBExpression {
        DynamoDBExpression("SET #record = :record, #status = :status, firstSaved = if_not_exists(firstSaved, :now)",
                           names: ["#record": RecordCoding.attribute, "#status": "status"],
                           values: [":record": try RecordCoding.encode(record), ":status": .s(status),
                                    ":now": .n(String(now.timeIntervalSince1970))])
    }

    public func startStage(_ stage: StageRecord, fence: LeaseFence?) throws -> Bool {
        let notDone = DynamoDBExpression(
            "attribute_not_exists(#status) OR (#status <> :succeeded AND #status <> :skipped)", names: ["#status": "status"],
            values: [":succeeded": .s(StageStatus.succeeded.rawValue), ":skipped": .s(StageStatus.skipped.rawValue)])
        let update = DynamoDBTransactWrite.update(table, key: StateKeys.key(StateKeys.run(stage.runID), StateKeys.stage(stage.name)),
                                                  try recordUpdate(stage, status: stage.status.rawValue), condition: notDone)
        return try apply([update], fence: fence, what: "starting stage \(stage.name) of run \(stage.runID)")
    }

    /// Saves the stage and, in the same write, its success marker (``StateKeys/stageSucceeded(pipeline:stage:commit:)``):
    /// put when it succeeded, removed otherwise.
    public func saveStage(_ stage: StageRecord, fence: LeaseFence?) throws {
        var actions = [DynamoDBTransactWrite.update(table, key: StateKeys.key(StateKeys.run(stage.runID), StateKeys.stage(stage.name)),
                                                    try recordUpdate(stage, status: stage.status.rawValue))]
        if let run = try runKey(stage.runID) {
            let marker = StateKeys.key(StateKeys.stageSucceeded(pipeline: run.pipeline, stage: stage.name, commit: run.commit),
                                       StateKeys.run(stage.runID))
            if stage.status == .succeeded {
                var item = marker
                item["runID"] = .s(stage.runID)
                actions.append(.put(table, item))
            } else {
                actions.append(.delete(table, key: marker))
            }
        }
        _ = try apply(actions, fence: fence, what: "saving stage \(stage.name) of run \(stage.runID)")
    }

    public func stages(run: String) throws -> [StageRecord] {
        try Self.inSavedOrder(items(StateKeys.run(run), prefix: "STAGE#", what: "reading the stages of run \(run)"))
            .map { try RecordCoding.decode(StageRecord.self, from: $0, what: "a stage of run \(run)") }
    }

    public func saveStep(_ step: StepRecord, fence: LeaseFence?) throws {
        let key = StateKeys.key(StateKeys.run(step.runID), StateKeys.step(stage: step.stage, name: step.name, phase: step.phase.rawValue))
        _ = try apply([.update(table, key: key, try recordUpdate(step, status: step.status.rawValue))], fence: fence,
                      what: "saving step \(step.name) of run \(step.runID)")
    }

    public func steps(run: String) throws -> [StepRecord] {
        try Self.inSavedOrder(items(StateKeys.run(run), prefix: "STEP#", what: "reading the steps of run \(run)"))
            .map { try RecordCoding.decode(StepRecord.self, from: $0, what: "a step of run \(run)") }
    }

    public func stageSucceeded(pipeline: String, stage: String, commit: String?) throws -> Bool {
        let table = table
        let pk = StateKeys.stageSucceeded(pipeline: pipeline, stage: stage, commit: commit)
        return try call("reading whether stage \(stage) succeeded") { client in
            try await client.query(tableName: table, keyCondition: DynamoDBExpression("pk = :pk", values: [":pk": .s(pk)]),
                                   limit: 1, consistentRead: true).items.isEmpty == false
        }
    }

    /// Items in the order they were first saved (then by key).
    static func inSavedOrder(_ items: [DynamoDBItem]) -> [DynamoDBItem] {
        items.enumerated().sorted { left, right in
            let a = left.element["firstSaved"]?.numberValue.flatMap(Double.init) ?? 0
            let b = right.element["firstSaved"]?.numberValue.flatMap(Double.init) ?? 0
            return a == b ? left.offset < right.offset : a < b
        }.map(\.element)
    }
}
