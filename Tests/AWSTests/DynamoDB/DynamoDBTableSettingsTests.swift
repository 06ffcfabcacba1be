import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The table shapes provisioning needs (LSIs, SSE, provisioned index capacity), against a real moto server.
@Suite(.integration) struct DynamoDBTableSettingsTests {
    @Test func localIndexesEncryptionAndIndexCapacityRoundTrip() async throws {
        let (_, configuration) = try await LocalAWS.server()
        let dynamo = DynamoDBClient(configuration: configuration)
        let name = LocalAWS.uniqueName("settings")
        try await dynamo.createTable(DynamoDBCreateTableInput(
            tableName: name,
            attributeDefinitions: [DynamoDBAttributeDefinition("PK", "S"), DynamoDBAttributeDefinition("SK", "S"),
                                   DynamoDBAttributeDefinition("createdAt", "S"), DynamoDBAttributeDefinition("email", "S")],
            keySchema: [.hash("PK"), .range("SK")], billingMode: "PROVISIONED",
            provisionedThroughput: DynamoDBProvisionedThroughput(read: 5, write: 2),
            globalSecondaryIndexes: [DynamoDBGlobalSecondaryIndex(name: "ByEmail", keySchema: [.hash("email")],
                                                                  provisionedThroughput: DynamoDBProvisionedThroughput(read: 3, write: 1))],
            localSecondaryIndexes: [DynamoDBLocalSecondaryIndex(name: "ByCreated", keySchema: [.hash("PK"), .range("createdAt")],
                                                                projection: DynamoDBProjection("INCLUDE", nonKeyAttributes: ["status"]))],
            sseSpecification: DynamoDBSSESpecification(enabled: true, sseType: "KMS")))
        let table = try await dynamo.waitUntilActive(tableName: name, timeout: 30, pollInterval: 0.1)
        #expect(table.pendingWork.isEmpty)
        #expect(table.billingMode == "PROVISIONED")
        #expect(table.tableClass == "STANDARD")
        #expect(table.provisionedThroughput == DynamoDBProvisionedThroughput(read: 5, write: 2))
        let local = try #require(table.localSecondaryIndexes?.first)
        #expect(local.indexName == "ByCreated")
        #expect(local.keySchema == [.hash("PK"), .range("createdAt")])
        #expect(local.projection == DynamoDBProjection("INCLUDE", nonKeyAttributes: ["status"]))
        #expect(table.sseDescription?.status == "ENABLED")
        #expect(table.sseDescription?.sseType == "KMS")
        #expect(table.sseDescription?.kmsMasterKeyARN?.hasPrefix("arn:aws:kms:") == true)
        #expect(table.globalSecondaryIndexes?.first?.provisionedThroughput == DynamoDBProvisionedThroughput(read: 3, write: 1))

        try await dynamo.updateTable(DynamoDBUpdateTableInput(
            tableName: name, provisionedThroughput: DynamoDBProvisionedThroughput(read: 6, write: 3),
            globalSecondaryIndexUpdates: [.update(indexName: "ByEmail", provisionedThroughput: DynamoDBProvisionedThroughput(read: 4, write: 2))]))
        let updated = try await dynamo.waitUntilActive(tableName: name, timeout: 30, pollInterval: 0.1)
        #expect(updated.provisionedThroughput == DynamoDBProvisionedThroughput(read: 6, write: 3))
        #expect(updated.globalSecondaryIndexes?.first?.provisionedThroughput == DynamoDBProvisionedThroughput(read: 4, write: 2))
        try await dynamo.deleteTable(name)
    }

    @Test func updateTableBodiesEncodeAsDynamoDBExpects() throws {
        let input = DynamoDBUpdateTableInput(
            tableName: "t", globalSecondaryIndexUpdates: [.update(indexName: "i", provisionedThroughput: DynamoDBProvisionedThroughput(read: 1, write: 2))],
            sseSpecification: DynamoDBSSESpecification(enabled: false), replicaUpdates: [.create(regionName: "eu-west-1")])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(input), as: UTF8.self)
        #expect(text == #"{"GlobalSecondaryIndexUpdates":[{"Update":{"IndexName":"i","ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":2}}}],"#
                + #""ReplicaUpdates":[{"Create":{"RegionName":"eu-west-1"}}],"SSESpecification":{"Enabled":false},"TableName":"t"}"#)
    }
}
