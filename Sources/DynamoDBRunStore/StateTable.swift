import AWS
import Foundation
import PipelineEngine

/// The state table itself: its key schema and newest-runs index, and `pipeline state init`
/// (create it if missing, on-demand billing, point-in-time recovery on, tags), idempotent.
public enum StateTable {
    /// The tags `pipeline state init` puts on the table (besides the caller's).
    public static let defaultTags = [DynamoDBTag("ManagedBy", "pipeline"), DynamoDBTag("Purpose", "pipeline-run-state")]

    public static func createInput(table: String, tags: [DynamoDBTag]) -> DynamoDBCreateTableInput {
        DynamoDBCreateTableInput(
            tableName: table,
            attributeDefinitions: [
                DynamoDBAttributeDefinition(StateKeys.pk, "S"), DynamoDBAttributeDefinition(StateKeys.sk, "S"),
                DynamoDBAttributeDefinition(StateKeys.runsPartition, "S"), DynamoDBAttributeDefinition(StateKeys.runsSort, "S"),
            ],
            keySchema: [.hash(StateKeys.pk), .range(StateKeys.sk)],
            billingMode: "PAY_PER_REQUEST",
            globalSecondaryIndexes: [
                DynamoDBGlobalSecondaryIndex(name: StateKeys.runsIndex, keySchema: [.hash(StateKeys.runsPartition), .range(StateKeys.runsSort)]),
            ],
            tags: tags)
    }

    /// What one `state init` did, line by line.
    public struct InitReport: Sendable, Equatable {
        public var created: Bool
        public var lines: [String]
    }

    /// Creates the table if it does not exist and waits until it is active, turns on
    /// point-in-time recovery, and adds the tags it lacks. Running it again changes nothing.
    public static func ensure(_ client: DynamoDBClient, table: String, tags extra: [DynamoDBTag] = [],
                              timeout: TimeInterval = 300) async throws -> InitReport {
        let tags = defaultTags + extra.filter { tag in !defaultTags.contains { $0.key == tag.key } }
        var lines: [String] = []
        var created = false
        var description: DynamoDBTableDescription
        do {
            description = try await client.describeTable(table)
            lines.append("table \(table) already exists in \(client.client.configuration.region)")
        } catch let error as AWSError where error.code == .resourceNotFound {
            do {
                try await client.createTable(createInput(table: table, tags: tags))
                created = true
                lines.append("created table \(table) in \(client.client.configuration.region) (on-demand, keys pk/sk, index \(StateKeys.runsIndex))")
            } catch let error as AWSError where error.code == .resourceInUse {
                lines.append("table \(table) is being created by someone else; waiting for it")
            }
            description = try await client.waitUntilActive(tableName: table, timeout: timeout, pollInterval: 1)
        }
        try checkLayout(description)
        if description.tableStatus != "ACTIVE" {
            description = try await client.waitUntilActive(tableName: table, timeout: timeout, pollInterval: 1)
        }
        if try await client.describeContinuousBackups(tableName: table).pointInTimeRecoveryEnabled == true {
            lines.append("point-in-time recovery is on")
        } else {
            try await client.updateContinuousBackups(tableName: table, pointInTimeRecovery: true)
            lines.append("turned point-in-time recovery on")
        }
        if let arn = description.tableARN {
            let present = try await client.listTagsOfResource(arn: arn)
            let missing = tags.filter { tag in !present.contains { $0.key == tag.key } }
            if !missing.isEmpty {
                try await client.tagResource(arn: arn, tags: missing)
                lines.append("tagged it \(missing.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))")
            } else {
                let shown = (created ? tags : present).map { "\($0.key)=\($0.value)" }.sorted()
                lines.append("tags: \(shown.joined(separator: ", "))")
            }
        }
        return InitReport(created: created, lines: lines)
    }

    /// Refuses a table that is not laid out as a state table (someone else's table of that name).
    static func checkLayout(_ description: DynamoDBTableDescription) throws {
        let keys = description.keySchema ?? []
        let indexes = description.globalSecondaryIndexes?.map(\.indexName) ?? []
        guard keys == [.hash(StateKeys.pk), .range(StateKeys.sk)] || keys == [.range(StateKeys.sk), .hash(StateKeys.pk)],
              indexes.contains(StateKeys.runsIndex) else {
            throw EngineError.storeFailure(
                "the DynamoDB table '\(description.tableName)' is not a pipeline state table (it needs keys pk/sk and the index \(StateKeys.runsIndex)); name another table, or create one with `pipeline state init`")
        }
    }

    /// What tells this table from one deleted and created again under its name.
    static func identity(of description: DynamoDBTableDescription) -> String? {
        description.tableID ?? description.creationDateTime.map { String($0) }
    }
}
