import AWS
import DynamoDBRunStore
import Foundation
import PipelineEngine
import PipelineTesting
import TestTiers
import Testing

/// `state init` and opening the table, against a real moto server.
@Suite(.integration) struct StateTableTests {
    static func location() throws -> DynamoDBStateLocation {
        try DynamoDBStateLocation(table: "state-\(UUID().uuidString.prefix(8).lowercased())", region: "us-east-1")
    }

    @Test func initCreatesTheTableWithRecoveryAndTagsAndChangesNothingTheSecondTime() async throws {
        let server = try await LocalAWSServer.shared()
        let location = try Self.location()
        let client = try location.client(environment: server.environment)
        let first = try await StateTable.ensure(client, table: location.table, tags: [DynamoDBTag("Team", "platform")])
        #expect(first.created)
        #expect(first.lines.contains { $0.hasPrefix("created table \(location.table)") })
        #expect(first.lines.contains("turned point-in-time recovery on"))
        let table = try await client.describeTable(location.table)
        #expect(table.billingMode == "PAY_PER_REQUEST")
        #expect(table.keySchema == [.hash("pk"), .range("sk")])
        #expect(table.globalSecondaryIndexes?.map(\.indexName) == ["runs-by-start"])
        #expect(try await client.describeContinuousBackups(tableName: location.table).pointInTimeRecoveryEnabled)
        let tags = try await client.listTagsOfResource(arn: try #require(table.tableARN))
        #expect(Set(tags) == Set(StateTable.defaultTags + [DynamoDBTag("Team", "platform")]))

        let second = try await StateTable.ensure(client, table: location.table, tags: [DynamoDBTag("Team", "platform")])
        #expect(!second.created)
        #expect(second.lines.contains("table \(location.table) already exists in us-east-1"))
        #expect(second.lines.contains("point-in-time recovery is on"))
        #expect(try await client.listTagsOfResource(arn: try #require(table.tableARN)).count == tags.count)
        try await client.deleteTable(location.table)
    }

    @Test func aMissingOrForeignTableIsRefusedWithWhatToDo() async throws {
        let server = try await LocalAWSServer.shared()
        let location = try Self.location()
        let client = try location.client(environment: server.environment)
        // A missing table is the user's to create (exit 64), saying how.
        let missing = #expect(throws: DynamoDBStateError.self) { try DynamoDBRunStore(table: location.table, client: client) }
        #expect(missing.map { "\($0)".contains("pipeline state init --state dynamodb://\(location.table)?region=us-east-1") } == true)
        #expect(missing?.isUserError == true)

        try await client.createTable(DynamoDBCreateTableInput(tableName: location.table, attributeDefinitions: [DynamoDBAttributeDefinition("id", "S")],
                                                              keySchema: [.hash("id")]))
        let foreign = #expect(throws: EngineError.self) { try DynamoDBRunStore(table: location.table, client: client) }
        #expect(foreign.map { "\($0)".contains("is not a pipeline state table") } == true)
        try await client.deleteTable(location.table)
    }

    @Test func aTableDeletedOrReplacedUnderARunIsReported() async throws {
        let server = try await LocalAWSServer.shared()
        let location = try Self.location()
        let client = try location.client(environment: server.environment)
        _ = try await StateTable.ensure(client, table: location.table)
        let store = try DynamoDBRunStore(table: location.table, client: client, checkInterval: 0)
        try store.checkIntact()
        try await client.deleteTable(location.table)
        let gone = #expect(throws: EngineError.self) { try store.checkIntact() }
        #expect(gone.map { "\($0)".contains("was deleted while this process was using it") } == true)

        try await Task.sleep(nanoseconds: 1_100_000_000)  // a later creation time
        _ = try await StateTable.ensure(client, table: location.table)
        let replaced = #expect(throws: EngineError.self) { try store.checkIntact() }
        #expect(replaced.map { "\($0)".contains("deleted and created again") } == true)
        try await client.deleteTable(location.table)
    }

    @Test func withARoleTheStoreIsReachedThroughThatRoleAssumedWithTheRunnersKeys() async throws {
        let server = try await LocalAWSServer.shared()
        let table = "state-\(UUID().uuidString.prefix(8).lowercased())"
        let location = try DynamoDBStateLocation.parse("dynamodb://\(table)?region=us-east-1&role=arn:aws:iam::123456789012:role/pipeline-state")
        let operations = Operations()
        let client = try location.client(environment: server.environment, onEvent: { event in
            if case .completed(let operation, _, _, _) = event { operations.append(operation) }
        })
        _ = try await StateTable.ensure(client, table: table)
        let store = try DynamoDBRunStore(table: table, client: client)
        try store.createRun(RunRecord(id: "r", pipeline: "p", pipelineFile: "f", document: Data("{}".utf8), triggeredBy: "me"))
        #expect(try store.run("r")?.pipeline == "p")
        #expect(operations.all.first == "STS.AssumeRole")
        #expect(operations.all.filter { $0.hasPrefix("STS.") }.count == 1)  // cached for the session
        #expect(operations.all.contains("DynamoDB.PutItem"))
    }

    final class Operations: @unchecked Sendable {
        // @unchecked Sendable: `names` is only touched under `lock`.
        private let lock = NSLock()
        private var names: [String] = []
        func append(_ name: String) { lock.lock(); names.append(name); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return names }
    }

    @Test func locationsAreParsedOrRefusedWithTheFieldAtFault() throws {
        let parsed = try DynamoDBStateLocation.parse("dynamodb://bbws-state?region=af-south-1&role=arn:aws:iam::536580886816:role/state")
        #expect(parsed.table == "bbws-state")
        #expect(parsed.region == "af-south-1")
        #expect(parsed.role == "arn:aws:iam::536580886816:role/state")
        #expect(try DynamoDBStateLocation.parse(parsed.url) == parsed)
        #expect(try DynamoDBStateLocation.parse("dynamodb://t-1", environment: ["AWS_REGION": "eu-west-1"]).region == "eu-west-1")
        let cases: [(String, String)] = [
            ("dynamodb://t-1", "no region"),
            ("dynamodb://t-1?region=af-sout-1", "did you mean af-south-1?"),
            ("dynamodb://t-1?region=af-south-1&role=state", "not an IAM role ARN"),
            ("dynamodb://t-1?region=af-south-1&mode=fast", "unknown setting 'mode'"),
            ("dynamodb://a?region=af-south-1", "is not a DynamoDB table name"),
            ("dynamodb://t-1/x?region=af-south-1", "has no path"),
        ]
        for (location, fragment) in cases {
            let error = #expect(throws: DynamoDBStateError.self) { try DynamoDBStateLocation.parse(location, environment: [:]) }
            #expect(error.map { "\($0)".contains(fragment) && "\($0)".contains(location) } == true, "\(location): \(String(describing: error))")
        }
    }
}
