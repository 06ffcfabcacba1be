import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// DynamoDB against a real moto server.
@Suite(.integration) struct DynamoDBClientTests {
    static func tenantsTable(_ name: String) -> DynamoDBCreateTableInput {
        DynamoDBCreateTableInput(
            tableName: name,
            attributeDefinitions: [DynamoDBAttributeDefinition("id", "S"), DynamoDBAttributeDefinition("email", "S"),
                                   DynamoDBAttributeDefinition("status", "S"), DynamoDBAttributeDefinition("createdAt", "N")],
            keySchema: [.hash("id")],
            globalSecondaryIndexes: [
                DynamoDBGlobalSecondaryIndex(name: "by-email", keySchema: [.hash("email")]),
                DynamoDBGlobalSecondaryIndex(name: "by-status", keySchema: [.hash("status"), .range("createdAt")],
                                     projection: DynamoDBProjection("KEYS_ONLY")),
            ],
            tags: [DynamoDBTag("Project", "bbws"), DynamoDBTag("Environment", "dev")])
    }

    @Test func tableWithIndexesSettingsAndTagsRoundTrips() async throws {
        let (_, configuration) = try await LocalAWS.server()
        let dynamo = DynamoDBClient(configuration: configuration)
        let name = LocalAWS.uniqueName("tenants")
        let created = try await dynamo.createTable(Self.tenantsTable(name))
        #expect(created.tableName == name)
        let table = try await dynamo.waitUntilActive(tableName: name, timeout: 30, pollInterval: 0.1)
        #expect(table.tableStatus == "ACTIVE")
        #expect(table.billingMode == "PAY_PER_REQUEST")
        #expect(Set(table.globalSecondaryIndexes?.map(\.indexName) ?? []) == ["by-email", "by-status"])
        let byStatus = try #require(table.globalSecondaryIndexes?.first { $0.indexName == "by-status" })
        #expect(byStatus.keySchema == [.hash("status"), .range("createdAt")])
        #expect(byStatus.projection?.projectionType == "KEYS_ONLY")
        let arn = try #require(table.tableARN)
        #expect(arn.hasSuffix(":table/\(name)"))

        // PITR
        #expect(try await dynamo.describeContinuousBackups(tableName: name).pointInTimeRecoveryEnabled == false)
        try await dynamo.updateContinuousBackups(tableName: name, pointInTimeRecovery: true)
        #expect(try await dynamo.describeContinuousBackups(tableName: name).pointInTimeRecoveryEnabled == true)

        // TTL
        try await dynamo.updateTimeToLive(tableName: name, attributeName: "expiresAt", enabled: true)
        let ttl = try await dynamo.describeTimeToLive(tableName: name)
        #expect(ttl.timeToLiveStatus == "ENABLED")
        #expect(ttl.attributeName == "expiresAt")

        // Tags
        #expect(Set(try await dynamo.listTagsOfResource(arn: arn)) == [DynamoDBTag("Project", "bbws"), DynamoDBTag("Environment", "dev")])
        // (moto appends a tag whose key already exists instead of replacing it, so new keys only.)
        try await dynamo.tagResource(arn: arn, tags: [DynamoDBTag("Owner", "platform")])
        try await dynamo.untagResource(arn: arn, keys: ["Project"])
        let tags = try await dynamo.listTagsOfResource(arn: arn)
        #expect(Set(tags) == [DynamoDBTag("Owner", "platform"), DynamoDBTag("Environment", "dev")])

        // UpdateTable: streams, deletion protection, one GSI delete then one GSI create, billing.
        try await dynamo.updateTable(DynamoDBUpdateTableInput(tableName: name, streamSpecification: DynamoDBStreamSpecification(enabled: true, viewType: "NEW_AND_OLD_IMAGES"),
                                                      deletionProtectionEnabled: true))
        var updated = try await dynamo.waitUntilActive(tableName: name, timeout: 30, pollInterval: 0.1)
        #expect(updated.streamSpecification?.streamEnabled == true)
        #expect(updated.streamSpecification?.streamViewType == "NEW_AND_OLD_IMAGES")
        #expect(updated.latestStreamARN != nil)
        #expect(updated.deletionProtectionEnabled == true)
        try await dynamo.updateTable(DynamoDBUpdateTableInput(tableName: name, globalSecondaryIndexUpdates: [.delete(indexName: "by-email")]))
        updated = try await dynamo.waitUntilActive(tableName: name, timeout: 30, pollInterval: 0.1)
        #expect(updated.globalSecondaryIndexes?.map(\.indexName) == ["by-status"])
        try await dynamo.updateTable(DynamoDBUpdateTableInput(
            tableName: name, attributeDefinitions: [DynamoDBAttributeDefinition("tenantName", "S")],
            globalSecondaryIndexUpdates: [.create(DynamoDBGlobalSecondaryIndex(name: "by-name", keySchema: [.hash("tenantName")]))]))
        updated = try await dynamo.waitUntilActive(tableName: name, timeout: 30, pollInterval: 0.1)
        #expect(Set(updated.globalSecondaryIndexes?.map(\.indexName) ?? []) == ["by-status", "by-name"])
        try await dynamo.updateTable(DynamoDBUpdateTableInput(tableName: name, billingMode: "PROVISIONED",
                                                      provisionedThroughput: DynamoDBProvisionedThroughput(read: 5, write: 5)))
        #expect(try await dynamo.describeTable(name).billingMode == "PROVISIONED")

        // Deletion protection refuses DeleteTable; after turning it off the table goes.
        await #expect(throws: AWSError.self) { try await dynamo.deleteTable(name) }
        try await dynamo.updateTable(DynamoDBUpdateTableInput(tableName: name, deletionProtectionEnabled: false))
        try await dynamo.deleteTable(name)
        try await dynamo.waitUntilDeleted(tableName: name, timeout: 30, pollInterval: 0.1)
        let missing = await #expect(throws: AWSError.self) { try await dynamo.describeTable(name) }
        #expect(missing?.code == .resourceNotFound)
        #expect(missing?.status == 400)
        #expect(missing?.requestID != nil)
    }

    @Test func itemsWithConditionsAndQueries() async throws {
        let (_, configuration) = try await LocalAWS.server()
        let dynamo = DynamoDBClient(configuration: configuration)
        let name = LocalAWS.uniqueName("items")
        try await dynamo.createTable(Self.tenantsTable(name))
        try await dynamo.waitUntilActive(tableName: name, timeout: 30, pollInterval: 0.1)
        let item: DynamoDBItem = ["id": "t1", "email": "a@bbws.example", "status": "active", "createdAt": 100,
                                  "profile": .m(["plan": "gold", "seats": 5]), "flags": .ss(["beta", "eu"]),
                                  "blob": .b(Data([0, 1, 2, 255])), "nothing": .null, "list": .l([1, "two", true])]
        try await dynamo.putItem(tableName: name, item: item, condition: DynamoDBExpression("attribute_not_exists(id)"))
        #expect(try await dynamo.getItem(tableName: name, key: ["id": "t1"], consistentRead: true) == item)

        // The same conditional put again is refused with a typed error.
        let refused = await #expect(throws: AWSError.self) {
            try await dynamo.putItem(tableName: name, item: item, condition: DynamoDBExpression("attribute_not_exists(id)"))
        }
        #expect(refused?.code == .conditionalCheckFailed)

        let updated = try await dynamo.updateItem(
            tableName: name, key: ["id": "t1"],
            update: DynamoDBExpression("SET #s = :new ADD createdAt :one", names: ["#s": "status"], values: [":new": "suspended", ":one": 1]),
            condition: DynamoDBExpression("#s = :old", names: ["#s": "status"], values: [":old": "active"]))
        #expect(updated?["status"] == "suspended")
        #expect(updated?["createdAt"]?.intValue == 101)

        for index in 2...5 {
            try await dynamo.putItem(tableName: name, item: ["id": .s("t\(index)"), "email": .s("u\(index)@bbws.example"),
                                                             "status": "active", "createdAt": .number(index * 10)])
        }
        let active = try await dynamo.queryAll(
            tableName: name, indexName: "by-status",
            keyCondition: DynamoDBExpression("#s = :s AND createdAt >= :min", names: ["#s": "status"], values: [":s": "active", ":min": 30]),
            pageSize: 1)
        #expect(active.compactMap { $0["id"]?.stringValue }.sorted() == ["t3", "t4", "t5"])

        let old = try await dynamo.deleteItem(tableName: name, key: ["id": "t2"])
        #expect(old?["email"] == "u2@bbws.example")
        #expect(try await dynamo.getItem(tableName: name, key: ["id": "t2"]) == nil)
        try await dynamo.deleteTable(name)
    }

    @Test func waiterTimesOutWithAClearError() async throws {
        let (_, configuration) = try await LocalAWS.server()
        let dynamo = DynamoDBClient(configuration: configuration)
        let name = LocalAWS.uniqueName("never")
        let error = await #expect(throws: AWSError.self) {
            try await dynamo.waitUntilActive(tableName: name, timeout: 0.5, pollInterval: 0.1)
        }
        #expect(error?.code == .resourceNotFound)
        #expect(error?.description.contains("DynamoDB.DescribeTable") == true)
    }
}
