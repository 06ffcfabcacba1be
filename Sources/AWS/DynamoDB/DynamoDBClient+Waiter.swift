import Foundation

/// A table did not reach the wanted state in time.
public struct DynamoDBWaitTimeout: Error, Sendable, CustomStringConvertible {
    public var tableName: String
    public var wanted: String
    public var lastTableStatus: String?
    public var pendingIndexes: [String]
    public var waited: TimeInterval

    public var description: String {
        var text = "table \(tableName) did not become \(wanted) within \(Int(waited)) s (table status: \(lastTableStatus ?? "unknown")"
        if !pendingIndexes.isEmpty { text += "; indexes not ACTIVE: \(pendingIndexes.joined(separator: ", "))" }
        return text + "). Check the table in the console or raise the timeout."
    }
}

extension DynamoDBClient {
    /// Polls `DescribeTable` until the table and every GSI are `ACTIVE` (and none backfilling).
    @discardableResult
    public func waitUntilActive(tableName: String, timeout: TimeInterval = 300, pollInterval: TimeInterval = 1) async throws -> DynamoDBTableDescription {
        let start = Date()
        var last: DynamoDBTableDescription?
        while Date().timeIntervalSince(start) < timeout {
            let table = try await describeTable(tableName)
            last = table
            let pending = Self.pendingIndexes(table)
            if table.tableStatus == "ACTIVE" && pending.isEmpty { return table }
            try await Task.sleep(nanoseconds: UInt64(min(pollInterval, max(0.01, timeout - Date().timeIntervalSince(start))) * 1e9))
        }
        throw DynamoDBWaitTimeout(tableName: tableName, wanted: "ACTIVE with every index ACTIVE", lastTableStatus: last?.tableStatus,
                                  pendingIndexes: last.map(Self.pendingIndexes) ?? [], waited: Date().timeIntervalSince(start))
    }

    /// Polls until `DescribeTable` answers `ResourceNotFoundException`.
    public func waitUntilDeleted(tableName: String, timeout: TimeInterval = 300, pollInterval: TimeInterval = 1) async throws {
        let start = Date()
        var status: String?
        while Date().timeIntervalSince(start) < timeout {
            do {
                status = try await describeTable(tableName).tableStatus
            } catch let error as AWSError where error.code == .resourceNotFound {
                return
            }
            try await Task.sleep(nanoseconds: UInt64(pollInterval * 1e9))
        }
        throw DynamoDBWaitTimeout(tableName: tableName, wanted: "deleted", lastTableStatus: status, pendingIndexes: [],
                                  waited: Date().timeIntervalSince(start))
    }

    static func pendingIndexes(_ table: DynamoDBTableDescription) -> [String] {
        (table.globalSecondaryIndexes ?? []).filter { $0.indexStatus != "ACTIVE" || $0.backfilling == true }.map(\.indexName)
    }
}
