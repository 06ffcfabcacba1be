import Foundation

/// A condition (or key condition) expression with its placeholders.
public struct DynamoDBExpression: Sendable, Equatable {
    public var expression: String
    public var names: [String: String]
    public var values: DynamoDBItem

    public init(_ expression: String, names: [String: String] = [:], values: DynamoDBItem = [:]) {
        self.expression = expression
        self.names = names
        self.values = values
    }
}

/// A page of `Query` results.
public struct DynamoDBQueryPage: Sendable, Equatable {
    public var items: [DynamoDBItem]
    public var lastEvaluatedKey: DynamoDBItem?
}

extension DynamoDBClient {
    struct ItemRequest: Encodable {
        var TableName: String
        var Item: DynamoDBItem?
        var Key: DynamoDBItem?
        var UpdateExpression: String?
        var ConditionExpression: String?
        var KeyConditionExpression: String?
        var FilterExpression: String?
        var ProjectionExpression: String?
        var IndexName: String?
        var ExpressionAttributeNames: [String: String]?
        var ExpressionAttributeValues: DynamoDBItem?
        var ConsistentRead: Bool?
        var ReturnValues: String?
        var Limit: Int?
        var ExclusiveStartKey: DynamoDBItem?
        var ScanIndexForward: Bool?

        init(table: String) { TableName = table }

        mutating func merge(_ expression: DynamoDBExpression?) {
            guard let expression else { return }
            if !expression.names.isEmpty { ExpressionAttributeNames = (ExpressionAttributeNames ?? [:]).merging(expression.names) { $1 } }
            if !expression.values.isEmpty { ExpressionAttributeValues = (ExpressionAttributeValues ?? [:]).merging(expression.values) { $1 } }
        }
    }

    struct ItemResponse: Decodable {
        var Item: DynamoDBItem?
        var Attributes: DynamoDBItem?
        var Items: [DynamoDBItem]?
        var LastEvaluatedKey: DynamoDBItem?
    }

    /// Writes a whole item. Retried on unknown outcomes: writing the same item again is
    /// idempotent, and a condition makes a repeat fail rather than apply twice.
    public func putItem(tableName: String, item: DynamoDBItem, condition: DynamoDBExpression? = nil) async throws {
        var request = ItemRequest(table: tableName)
        request.Item = item
        request.ConditionExpression = condition?.expression
        request.merge(condition)
        let _: ItemResponse = try await call("PutItem", request, safety: .idempotent)
    }

    public func getItem(tableName: String, key: DynamoDBItem, consistentRead: Bool = false) async throws -> DynamoDBItem? {
        var request = ItemRequest(table: tableName)
        request.Key = key
        request.ConsistentRead = consistentRead ? true : nil
        let response: ItemResponse = try await call("GetItem", request, safety: .idempotent)
        return response.Item
    }

    /// Applies an update expression; returns the new item (`ALL_NEW`).
    ///
    /// Retried on unknown outcomes only with a condition (which stops a double application) or
    /// when the caller states the update is idempotent (e.g. only `SET a = :v`).
    @discardableResult
    public func updateItem(tableName: String, key: DynamoDBItem, update: DynamoDBExpression,
                           condition: DynamoDBExpression? = nil, updateIsIdempotent: Bool = false) async throws -> DynamoDBItem? {
        var request = ItemRequest(table: tableName)
        request.Key = key
        request.UpdateExpression = update.expression
        request.ConditionExpression = condition?.expression
        request.ReturnValues = "ALL_NEW"
        request.merge(update)
        request.merge(condition)
        let safety: RetrySafety = condition != nil || updateIsIdempotent ? .idempotent : .unsafe
        let response: ItemResponse = try await call("UpdateItem", request, safety: safety)
        return response.Attributes
    }

    /// Deletes an item (idempotent: deleting twice leaves it deleted); returns the old item.
    @discardableResult
    public func deleteItem(tableName: String, key: DynamoDBItem, condition: DynamoDBExpression? = nil) async throws -> DynamoDBItem? {
        var request = ItemRequest(table: tableName)
        request.Key = key
        request.ConditionExpression = condition?.expression
        request.ReturnValues = "ALL_OLD"
        request.merge(condition)
        let response: ItemResponse = try await call("DeleteItem", request, safety: .idempotent)
        return response.Attributes
    }

    /// One page of a query on the table or an index.
    public func query(tableName: String, indexName: String? = nil, keyCondition: DynamoDBExpression,
                      filter: DynamoDBExpression? = nil, limit: Int? = nil, exclusiveStartKey: DynamoDBItem? = nil,
                      scanForward: Bool = true, consistentRead: Bool = false) async throws -> DynamoDBQueryPage {
        var request = ItemRequest(table: tableName)
        request.IndexName = indexName
        request.KeyConditionExpression = keyCondition.expression
        request.FilterExpression = filter?.expression
        request.merge(keyCondition)
        request.merge(filter)
        request.Limit = limit
        request.ExclusiveStartKey = exclusiveStartKey
        request.ScanIndexForward = scanForward ? nil : false
        request.ConsistentRead = consistentRead ? true : nil
        let response: ItemResponse = try await call("Query", request, safety: .idempotent)
        return DynamoDBQueryPage(items: response.Items ?? [], lastEvaluatedKey: response.LastEvaluatedKey)
    }

    /// Every page of a query.
    public func queryAll(tableName: String, indexName: String? = nil, keyCondition: DynamoDBExpression,
                         filter: DynamoDBExpression? = nil, pageSize: Int? = nil) async throws -> [DynamoDBItem] {
        var items: [DynamoDBItem] = []
        var start: DynamoDBItem?
        repeat {
            let page = try await query(tableName: tableName, indexName: indexName, keyCondition: keyCondition,
                                       filter: filter, limit: pageSize, exclusiveStartKey: start)
            items += page.items
            start = page.lastEvaluatedKey
        } while start != nil
        return items
    }
}
