import AWS
import Foundation
import InfraDefinitions
import PipelineModel
import PipelineTesting
import TableProvisioning
import TestTiers
import Testing

/// The three example tables in the three environments' accounts, against a real moto server.
@Suite(.integration) struct ExampleTablesTests {
    static let examples = ["tenants", "products", "campaigns"]

    @Test func exampleTablesCreatedInThreeAccountsMatchTheirDefinitions() async throws {
        let server = try await LocalAWSServer.shared()
        for (environment, account, role) in Fixtures.environments {
            let (dynamo, sts) = try await Fixtures.client(account: account, role: role, endpoint: server.endpoint)
            #expect(try await sts.getCallerIdentity().account == account)
            let definitions = try Self.examples.map(Fixtures.definition)
            let desired = definitions.map {
                TableState.desired(definition: $0, environment: environment, environmentTags: Fixtures.environmentTags(environment))
            }
            let plan = try await Fixtures.plan(dynamo, desired)
            #expect(plan.changes.map(\.action) == [.create, .create, .create], "\(environment): \(plan.changes)")
            #expect(plan.changes.map(\.resource) == ["campaigns", "products", "tenants"])
            let log = LogLines()
            let outcomes = try await Fixtures.applier(dynamo, log: log).apply(desired: desired)
            #expect(outcomes.map(\.kind) == [.created, .created, .created])
            #expect(log.contains("tenants: creating table (3 global indexes"))

            for definition in definitions {
                try await Self.expectMatches(definition, environment: environment, account: account, dynamo)
            }
            // The accounts stay apart: each holds exactly its own three tables.
            #expect(Set(try await dynamo.listTables()) == Set(Self.examples), "\(environment)")

            let again = try await Fixtures.plan(dynamo, desired)
            #expect(again.changes.map(\.action) == [.noChange, .noChange, .noChange], "\(environment): \(again.changes)")
            #expect(!again.hasChanges)
            #expect(again.stepPlan.snapshot == (try await Fixtures.plan(dynamo, desired)).stepPlan.snapshot)
        }
        // Deletion protection is on in prod only: one account's setting did not leak into another.
        let (devClient, _) = try await Fixtures.client(account: "536580886816", role: "bbws-deploy-dev", endpoint: server.endpoint)
        let (prodClient, _) = try await Fixtures.client(account: "093646564004", role: "bbws-deploy-prod", endpoint: server.endpoint)
        #expect(try await devClient.describeTable("tenants").deletionProtectionEnabled == false)
        #expect(try await prodClient.describeTable("tenants").deletionProtectionEnabled == true)
    }

    /// Reads the table through the plain DynamoDB API and compares every attribute with the definition.
    static func expectMatches(_ definition: TableDefinition, environment: String, account: String,
                              _ dynamo: DynamoDBClient) async throws {
        let settings = definition.settings(for: environment)
        let table = try await dynamo.describeTable(definition.tableName)
        let context = "\(environment)/\(definition.tableName)"
        #expect(table.tableARN?.contains(":\(account):table/\(definition.tableName)") == true, "\(context)")
        #expect(table.tableStatus == "ACTIVE")
        var keys: [DynamoDBKeySchemaElement] = [.hash(definition.keySchema.partitionKey)]
        if let sort = definition.keySchema.sortKey { keys.append(.range(sort)) }
        #expect(table.keySchema == keys, "\(context)")
        let wantedAttributes = definition.attributeDefinitions.map { "\($0.name):\($0.type.rawValue)" }.sorted()
        #expect((table.attributeDefinitions ?? []).map { "\($0.attributeName):\($0.attributeType)" }.sorted() == wantedAttributes, "\(context)")
        #expect(table.billingMode == settings.billingMode.rawValue)
        let indexes = table.globalSecondaryIndexes ?? []
        #expect(indexes.map(\.indexName).sorted() == definition.globalSecondaryIndexes.map(\.indexName).sorted(), "\(context)")
        for wanted in definition.globalSecondaryIndexes {
            let index = try #require(indexes.first { $0.indexName == wanted.indexName })
            var indexKeys: [DynamoDBKeySchemaElement] = [.hash(wanted.partitionKey)]
            if let sort = wanted.sortKey { indexKeys.append(.range(sort)) }
            #expect(index.keySchema == indexKeys, "\(context)/\(wanted.indexName)")
            #expect(index.projection?.projectionType == wanted.projection.type.rawValue, "\(context)/\(wanted.indexName)")
            #expect(index.projection?.nonKeyAttributes.map { $0.sorted() } == wanted.projection.nonKeyAttributes.map { $0.sorted() },
                    "\(context)/\(wanted.indexName)")
            #expect(index.indexStatus == "ACTIVE")
        }
        #expect((table.localSecondaryIndexes ?? []).map(\.indexName) == definition.localSecondaryIndexes.map(\.indexName))
        if let stream = settings.stream, stream.enabled {
            #expect(table.streamSpecification == DynamoDBStreamSpecification(enabled: true, viewType: stream.viewType?.rawValue), "\(context)")
        } else {
            #expect(table.streamSpecification?.streamEnabled != true, "\(context)")
        }
        #expect(table.deletionProtectionEnabled == settings.deletionProtection, "\(context)")
        #expect(try await dynamo.describeContinuousBackups(tableName: definition.tableName).pointInTimeRecoveryEnabled
                == settings.pointInTimeRecovery, "\(context)")
        let ttl = try await dynamo.describeTimeToLive(tableName: definition.tableName)
        if let wanted = definition.timeToLive, wanted.enabled != false {
            #expect(ttl.timeToLiveStatus == "ENABLED", "\(context)")
            #expect(ttl.attributeName == wanted.attributeName, "\(context)")
        } else {
            #expect(ttl.timeToLiveStatus == "DISABLED", "\(context)")
        }
        let tags = try await dynamo.listTagsOfResource(arn: try #require(table.tableARN))
        let wantedTags = Fixtures.environmentTags(environment).merging(settings.tags) { _, specific in specific }
        #expect(tags.count == wantedTags.count, "\(context): \(tags)")
        #expect(Dictionary(tags.map { ($0.key, $0.value) }) { first, _ in first } == wantedTags, "\(context)")
        // The definition's own Component wins over the environment's.
        #expect(wantedTags["Component"] == "dynamodb")
        #expect(wantedTags["Environment"] == environment)
    }
}
