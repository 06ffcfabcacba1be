import Foundation

/// One action of a `TransactWriteItems` call.
public struct DynamoDBTransactWrite: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case put(item: DynamoDBItem)
        case update(key: DynamoDBItem, update: DynamoDBExpression)
        case delete(key: DynamoDBItem)
        /// Checks `condition` on the item at `key`, writing nothing.
        case conditionCheck(key: DynamoDBItem)
    }

    public var tableName: String
    public var action: Action
    public var condition: DynamoDBExpression?

    public init(tableName: String, action: Action, condition: DynamoDBExpression? = nil) {
        self.tableName = tableName
        self.action = action
        self.condition = condition
    }

    public static func put(_ tableName: String, _ item: DynamoDBItem, condition: DynamoDBExpression? = nil) -> Self {
        Self(tableName: tableName, action: .put(item: item), condition: condition)
    }

    public static func update(_ tableName: String, key: DynamoDBItem, _ update: DynamoDBExpression,
                              condition: DynamoDBExpression? = nil) -> Self {
        Self(tableName: tableName, action: .update(key: key, update: update), condition: condition)
    }

    public static func delete(_ tableName: String, key: DynamoDBItem, condition: DynamoDBExpression? = nil) -> Self {
        Self(tableName: tableName, action: .delete(key: key), condition: condition)
    }

    public static func check(_ tableName: String, key: DynamoDBItem, _ condition: DynamoDBExpression) -> Self {
        Self(tableName: tableName, action: .conditionCheck(key: key), condition: condition)
    }
}

/// A `TransactWriteItems` call that DynamoDB refused as a whole (nothing was written), with the
/// reason per action in the order sent: `None`, `ConditionalCheckFailed`,
/// `TransactionConflict`, `ItemCollectionSizeLimitExceeded`, `ValidationError`, …
public struct DynamoDBTransactionCanceled: Error, Sendable, CustomStringConvertible {
    public var reasons: [String]
    public var underlying: AWSError

    /// Whether action `index` failed its condition.
    public func conditionFailed(at index: Int) -> Bool {
        index < reasons.count && reasons[index] == "ConditionalCheckFailed"
    }

    /// Whether every failed action lost a race (another transaction was changing the same items).
    public var isConflict: Bool {
        reasons.contains("TransactionConflict") && reasons.allSatisfy { $0 == "None" || $0 == "TransactionConflict" }
    }

    public var description: String { underlying.description }
}

extension DynamoDBClient {
    struct TransactRequest: Encodable {
        var TransactItems: [[String: ItemRequest]]
        var ClientRequestToken: String?
    }

    /// Writes every action or none (up to 100 actions, one per item), each action's condition
    /// checked against the same state.
    ///
    /// Retried on unknown outcomes: `clientRequestToken` makes a repeat within ten minutes a no-op
    /// on DynamoDB, and conditions make a repeat fail rather than apply twice.
    /// - Throws: ``DynamoDBTransactionCanceled`` when a condition failed or another transaction
    ///   conflicted (nothing written); ``AWSError`` otherwise.
    public func transactWriteItems(_ actions: [DynamoDBTransactWrite], clientRequestToken: String? = UUID().uuidString) async throws {
        var items: [[String: ItemRequest]] = []
        for write in actions {
            var request = ItemRequest(table: write.tableName)
            request.ConditionExpression = write.condition?.expression
            request.merge(write.condition)
            let name: String
            switch write.action {
            case .put(let item):
                name = "Put"
                request.Item = item
            case .update(let key, let update):
                name = "Update"
                request.Key = key
                request.UpdateExpression = update.expression
                request.merge(update)
            case .delete(let key):
                name = "Delete"
                request.Key = key
            case .conditionCheck(let key):
                name = "ConditionCheck"
                request.Key = key
            }
            items.append([name: request])
        }
        do {
            let _: ItemResponse = try await call("TransactWriteItems", TransactRequest(TransactItems: items, ClientRequestToken: clientRequestToken),
                                                 safety: .idempotent)
        } catch let error as AWSError where error.code == .transactionCanceled {
            throw DynamoDBTransactionCanceled(reasons: Self.cancellationReasons(error.message, count: actions.count), underlying: error)
        }
    }

    /// The reasons in `… specific reasons [ConditionalCheckFailed, None]` (the message DynamoDB
    /// sends, and the form ``AWSServiceClient`` gives it when the body lists `CancellationReasons`).
    static func cancellationReasons(_ message: String, count: Int) -> [String] {
        guard let open = message.lastIndex(of: "["), let close = message.lastIndex(of: "]"), open < close else {
            return Array(repeating: "Unknown", count: count)
        }
        return message[message.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
