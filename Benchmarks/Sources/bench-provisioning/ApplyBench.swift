import AWS
import Foundation
import PipelineModel
import TableProvisioning

/// Plan + apply creating `tables` new tables with `indexes` GSIs each (PITR and TTL on, tags),
/// in moto's default account under a fresh prefix.
struct ApplyBench {
    let endpoint: URL
    let tables: Int
    let indexes: Int
    let concurrency: Int

    func states(prefix: String) -> [TableState] {
        (0..<tables).map { number in
            let key = TableState.Key(partitionKey: .init("PK", "S"), sortKey: .init("SK", "S"))
            let globals = (0..<indexes).map { index in
                TableState.GlobalIndex(name: "Index\(index)", key: TableState.Key(partitionKey: .init("gsi\(index)pk", "S"),
                                                                                  sortKey: .init("createdAt", "S")),
                                       projection: TableState.Projection(type: index == 0 ? "ALL" : "KEYS_ONLY"))
            }
            return TableState(tableName: "\(prefix)-\(number)", key: key, globalSecondaryIndexes: globals,
                              stream: TableState.Stream(viewType: "NEW_AND_OLD_IMAGES"),
                              tags: ["Project": "bench", "Environment": "dev", "ManagedBy": "pipeline"],
                              pointInTimeRecovery: true, timeToLive: "expiresAt")
        }
    }

    func run() async throws {
        var options = benchOptions
        options.concurrency = concurrency
        let client = DynamoDBClient(configuration: configuration(endpoint, benchCredentials))
        let prefix = "bench-\(UUID().uuidString.prefix(6).lowercased())"
        let desired = states(prefix: prefix)
        let reader = TableStateReader(client: client, region: region, options: options)
        let start = now()
        let plan = try TablePlanner().plan(desired: desired, actual: try await reader.read(desired.map(\.tableName)))
        let planned = now()
        let outcomes = try await TableApplier(client: client, region: region, options: options).apply(desired: desired)
        let applied = now()
        let after = try TablePlanner().plan(desired: desired, actual: try await reader.read(desired.map(\.tableName)))
        guard plan.changes.allSatisfy({ $0.action == .create }), outcomes.allSatisfy({ $0.kind == .created }), !after.hasChanges else {
            fail("apply of \(tables) tables did not converge")
        }
        emit(["bench": "apply", "impl": "swift", "tables": tables, "indexes": indexes, "plan_ms": (planned - start) * 1000,
              "apply_ms": (applied - planned) * 1000, "per_table_ms": (applied - start) * 1000 / Double(tables)])
    }
}
