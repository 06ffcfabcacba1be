import AWS
import Foundation
import PipelineEngine

extension DynamoDBRunStore {
    /// The condition on a lease item that `fence` still holds it.
    func fenceCheck(_ fence: LeaseFence) -> DynamoDBTransactWrite {
        .check(table, key: StateKeys.key(StateKeys.leases, fence.key),
               DynamoDBExpression("#token = :fence", names: ["#token": "token"], values: [":fence": .s(fence.token)]))
    }

    /// Applies `actions` as one conditional write: a single action alone (`PutItem`, `UpdateItem`,
    /// `DeleteItem` with its condition), several, or any with a `fence`, as one `TransactWriteItems`
    /// whose first action checks the fence's lease.
    ///
    /// - Returns: false when an action's own condition failed (nothing written).
    /// - Throws: ``EngineError/leaseLost(key:holder:)`` when the fence's lease changed hands (nothing written).
    func apply(_ actions: [DynamoDBTransactWrite], fence: LeaseFence?, what: String) throws -> Bool {
        if fence == nil, actions.count == 1, let action = actions.first {
            return try single(action, what: what)
        }
        let all = (fence.map { [fenceCheck($0)] } ?? []) + actions
        let offset = fence == nil ? 0 : 1
        for attempt in 1...5 {
            let outcome: DynamoDBTransactionCanceled? = try call(what) { client in
                do {
                    try await client.transactWriteItems(all)
                    return nil
                } catch let canceled as DynamoDBTransactionCanceled {
                    return canceled
                }
            }
            guard let outcome else { return true }
            if let fence, outcome.conditionFailed(at: 0) {
                let holder = try? lease(key: fence.key)
                throw EngineError.leaseLost(key: fence.key, holder: holder?.holderDescription())
            }
            if (offset..<all.count).contains(where: outcome.conditionFailed(at:)) { return false }
            // Another transaction was writing the same items at that moment: try again shortly.
            guard outcome.isConflict, attempt < 5 else {
                throw EngineError.storeFailure("\(what) in the DynamoDB table '\(table)': \(outcome)")
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.01...0.05) * Double(attempt))
        }
        return false
    }

    private func single(_ action: DynamoDBTransactWrite, what: String) throws -> Bool {
        try call(what) { client in
            do {
                switch action.action {
                case .put(let item):
                    try await client.putItem(tableName: action.tableName, item: item, condition: action.condition)
                case .update(let key, let update):
                    // Every update here sets whole attributes: repeating it is harmless.
                    try await client.updateItem(tableName: action.tableName, key: key, update: update, condition: action.condition,
                                                updateIsIdempotent: true)
                case .delete(let key):
                    try await client.deleteItem(tableName: action.tableName, key: key, condition: action.condition)
                case .conditionCheck(let key):
                    // A check alone reads the item: the condition is evaluated here, against a consistent read.
                    guard let condition = action.condition else { return true }
                    try await client.transactWriteItems([.check(action.tableName, key: key, condition)])
                }
                return true
            } catch let error as AWSError where error.code == .conditionalCheckFailed {
                return false
            } catch let canceled as DynamoDBTransactionCanceled where canceled.conditionFailed(at: 0) {
                return false
            }
        }
    }
}
