import AWS
import Foundation
import PipelineModel
import TableProvisioning

/// The table part of a smoke test: each table as planned (ACTIVE, its indexes, PITR, TTL, tags)
/// and an item round trip (a probe item with a TTL an hour ahead: put, get, delete).
struct TableSmokeCheck {
    let client: DynamoDBClient
    let region: String
    let runID: String

    func run(_ desired: [TableState]) async throws -> [SmokeTestStep.Check] {
        let actual = try await TableStateReader(client: client, region: region, options: ProvisionTablesStep.options).read(desired.map(\.tableName))
        var checks: [SmokeTestStep.Check] = []
        for state in desired.sorted(by: { $0.tableName < $1.tableName }) {
            let name = "table \(state.tableName)"
            guard let current = actual[state.tableName] else {
                checks.append(.init(name: name, failure: "table \(state.tableName) does not exist"))
                continue
            }
            if !current.isSettled {
                checks.append(.init(name: name, failure: "table \(state.tableName) is not ACTIVE: \(current.pending.joined(separator: ", "))"))
                continue
            }
            let differences = current.changes(toReach: state).map { "\($0.path) is \($0.before?.brief ?? "absent"), planned \($0.after?.brief ?? "absent")" }
            checks.append(.init(name: name, failure: differences.isEmpty ? nil : "table \(state.tableName): " + differences.joined(separator: "; ")))
            checks.append(.init(name: "item round trip in \(state.tableName)", failure: await roundTrip(state)))
        }
        return checks
    }

    /// Put, get and delete a probe item; nil when all three worked.
    func roundTrip(_ state: TableState) async -> String? {
        var key: DynamoDBItem = [state.key.partitionKey.name: value(state.key.partitionKey.type, "smoke-test#\(runID)")]
        if let sort = state.key.sortKey { key[sort.name] = value(sort.type, "probe") }
        var item = key
        if let ttl = state.timeToLive { item[ttl] = .n(String(Int(Date().timeIntervalSince1970) + 3600)) }
        item["smokeTest"] = .s(runID)
        do {
            try await client.putItem(tableName: state.tableName, item: item)
            guard let read = try await client.getItem(tableName: state.tableName, key: key, consistentRead: true),
                  read["smokeTest"] == .s(runID) else {
                return "table \(state.tableName): the probe item written was not read back"
            }
            _ = try await client.deleteItem(tableName: state.tableName, key: key)
            return nil
        } catch {
            return "table \(state.tableName): item round trip failed: \(error)"
        }
    }

    func value(_ type: String, _ text: String) -> DynamoDBAttributeValue {
        switch type {
        case "N": .n(String(abs(text.hashValue % 1_000_000_000)))
        case "B": .b(Data(text.utf8))
        default: .s(text)
        }
    }
}
