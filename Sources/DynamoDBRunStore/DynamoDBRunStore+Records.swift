import AWS
import Foundation
import PipelineEngine

extension DynamoDBRunStore {
    // MARK: Events

    /// Stores the event (replacing one with the same sequence); one larger than
    /// ``eventLimit`` is stored truncated (``EventTruncation``).
    public func appendEvent(run: String, sequence: Int, json: Data) throws {
        var item = StateKeys.key(StateKeys.run(run), StateKeys.event(sequence))
        item["json"] = .s(String(decoding: EventTruncation.bounded(json, limit: Self.eventLimit), as: UTF8.self))
        _ = try apply([.put(table, item)], fence: nil, what: "recording event \(sequence) of run \(run)")
    }

    public func events(run: String) throws -> [Data] {
        try items(StateKeys.run(run), prefix: "EVENT#", what: "reading the events of run \(run)")
            .compactMap { $0["json"]?.stringValue.map { Data($0.utf8) } }
    }

    // MARK: Deployments

    public func recordDeployment(_ deployment: DeploymentRecord, fence: LeaseFence?) throws {
        var item = StateKeys.key(StateKeys.deployments(deployment.environment),
                                 StateKeys.deployment(at: deployment.deployedAt, run: deployment.runID))
        item[RecordCoding.attribute] = try RecordCoding.encode(deployment)
        item["runID"] = .s(deployment.runID)
        _ = try apply([.put(table, item)], fence: fence, what: "recording the deployment of run \(deployment.runID) to \(deployment.environment)")
    }

    public func lastDeployment(environment: String, excluding: String?) throws -> DeploymentRecord? {
        let table = table
        let pk = StateKeys.deployments(environment)
        let item: DynamoDBItem? = try call("reading the last deployment to \(environment)") { client in
            var start: DynamoDBItem?
            repeat {
                let page = try await client.query(
                    tableName: table, keyCondition: DynamoDBExpression("pk = :pk", values: [":pk": .s(pk)]),
                    filter: excluding.map { DynamoDBExpression("runID <> :excluded", values: [":excluded": .s($0)]) },
                    limit: 10, exclusiveStartKey: start, scanForward: false, consistentRead: true)
                if let first = page.items.first { return first }
                start = page.lastEvaluatedKey
            } while start != nil
            return nil
        }
        return try item.map { try RecordCoding.decode(DeploymentRecord.self, from: $0, what: "a deployment to \(environment)") }
    }

    // MARK: Plans

    public func savePlan(_ plan: EnvironmentPlan, run: String) throws {
        var item = StateKeys.key(StateKeys.run(run), StateKeys.plan(plan.environment))
        item["document"] = .s(String(decoding: try plan.jsonData(), as: UTF8.self))
        item["createdAt"] = .n(String(plan.createdAt.timeIntervalSince1970))
        item["hash"] = .s(plan.hash)
        try checkSize(item, "the plan of run \(run) for \(plan.environment)")
        _ = try apply([.put(table, item)], fence: nil, what: "saving the plan of run \(run) for \(plan.environment)")
    }

    public func plan(run: String, environment: String) throws -> EnvironmentPlan? {
        guard let document = try get(StateKeys.run(run), StateKeys.plan(environment), what: "reading the plan of run \(run) for \(environment)")?["document"]?.stringValue else {
            return nil
        }
        return try EnvironmentPlan.decode(Data(document.utf8), source: "the saved plan of run \(run) for \(environment)")
    }

    public func plans(run: String) throws -> [EnvironmentPlan] {
        try items(StateKeys.run(run), prefix: "PLAN#", what: "reading the plans of run \(run)")
            .sorted { ($0["createdAt"]?.numberValue.flatMap(Double.init) ?? 0) < ($1["createdAt"]?.numberValue.flatMap(Double.init) ?? 0) }
            .compactMap { $0["document"]?.stringValue }
            .map { try EnvironmentPlan.decode(Data($0.utf8), source: "a saved plan of run \(run)") }
    }
}
