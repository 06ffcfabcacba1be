import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// TransactWriteItems against a real moto server: all or nothing, reasons per action.
@Suite(.integration) struct DynamoDBTransactionTests {
    static func table(_ dynamo: DynamoDBClient) async throws -> String {
        let name = LocalAWS.uniqueName("transactions")
        try await dynamo.createTable(DynamoDBCreateTableInput(
            tableName: name, attributeDefinitions: [DynamoDBAttributeDefinition("pk", "S"), DynamoDBAttributeDefinition("sk", "S")],
            keySchema: [.hash("pk"), .range("sk")]))
        try await dynamo.waitUntilActive(tableName: name, timeout: 30, pollInterval: 0.1)
        return name
    }

    @Test func everyActionAppliesOrNone() async throws {
        let (_, configuration) = try await LocalAWS.server()
        let dynamo = DynamoDBClient(configuration: configuration)
        let name = try await Self.table(dynamo)
        try await dynamo.putItem(tableName: name, item: ["pk": "lock", "sk": "x", "token": "t1"])
        try await dynamo.putItem(tableName: name, item: ["pk": "old", "sk": "x"])
        let holdsLock = DynamoDBExpression("#t = :t", names: ["#t": "token"], values: [":t": "t1"])

        // The lock is held with t1: a put, an update and a delete apply together.
        try await dynamo.transactWriteItems([
            .check(name, key: ["pk": "lock", "sk": "x"], holdsLock),
            .put(name, ["pk": "new", "sk": "x", "v": 1], condition: DynamoDBExpression("attribute_not_exists(pk)")),
            .update(name, key: ["pk": "counter", "sk": "x"],
                    DynamoDBExpression("SET #n = if_not_exists(#n, :zero) + :one", names: ["#n": "n"], values: [":zero": 0, ":one": 1])),
            .delete(name, key: ["pk": "old", "sk": "x"]),
        ])
        #expect(try await dynamo.getItem(tableName: name, key: ["pk": "new", "sk": "x"], consistentRead: true)?["v"] == 1)
        #expect(try await dynamo.getItem(tableName: name, key: ["pk": "counter", "sk": "x"], consistentRead: true)?["n"] == 1)
        #expect(try await dynamo.getItem(tableName: name, key: ["pk": "old", "sk": "x"], consistentRead: true) == nil)

        // The lock changed hands: the check fails, and the update beside it is not applied.
        try await dynamo.putItem(tableName: name, item: ["pk": "lock", "sk": "x", "token": "t2"])
        let refused = await #expect(throws: DynamoDBTransactionCanceled.self) {
            try await dynamo.transactWriteItems([
                .check(name, key: ["pk": "lock", "sk": "x"], holdsLock),
                .update(name, key: ["pk": "counter", "sk": "x"],
                        DynamoDBExpression("SET #n = #n + :one", names: ["#n": "n"], values: [":one": 1])),
            ])
        }
        #expect(refused?.reasons == ["ConditionalCheckFailed", "None"])
        #expect(refused?.conditionFailed(at: 0) == true)
        #expect(refused?.conditionFailed(at: 1) == false)
        #expect(refused?.underlying.code == .transactionCanceled)
        #expect(try await dynamo.getItem(tableName: name, key: ["pk": "counter", "sk": "x"], consistentRead: true)?["n"] == 1)

        // The second action's condition fails: the first action's put is not applied either.
        let second = await #expect(throws: DynamoDBTransactionCanceled.self) {
            try await dynamo.transactWriteItems([
                .put(name, ["pk": "other", "sk": "x"]),
                .put(name, ["pk": "new", "sk": "x", "v": 2], condition: DynamoDBExpression("attribute_not_exists(pk)")),
            ])
        }
        #expect(second?.reasons == ["None", "ConditionalCheckFailed"])
        #expect(try await dynamo.getItem(tableName: name, key: ["pk": "other", "sk": "x"], consistentRead: true) == nil)
        #expect(try await dynamo.getItem(tableName: name, key: ["pk": "new", "sk": "x"], consistentRead: true)?["v"] == 1)
        try await dynamo.deleteTable(name)
    }

    @Test func queriesReadNewestFirstAndPage() async throws {
        let (_, configuration) = try await LocalAWS.server()
        let dynamo = DynamoDBClient(configuration: configuration)
        let name = try await Self.table(dynamo)
        for index in 1...5 { try await dynamo.putItem(tableName: name, item: ["pk": "p", "sk": .s("e\(index)")]) }
        let newest = try await dynamo.query(tableName: name, keyCondition: DynamoDBExpression("pk = :p", values: [":p": "p"]),
                                            limit: 2, scanForward: false, consistentRead: true)
        #expect(newest.items.compactMap { $0["sk"]?.stringValue } == ["e5", "e4"])
        #expect(newest.lastEvaluatedKey != nil)
        let rest = try await dynamo.query(tableName: name, keyCondition: DynamoDBExpression("pk = :p", values: [":p": "p"]),
                                          exclusiveStartKey: newest.lastEvaluatedKey, scanForward: false, consistentRead: true)
        #expect(rest.items.compactMap { $0["sk"]?.stringValue } == ["e3", "e2", "e1"])
        try await dynamo.deleteTable(name)
    }
}
