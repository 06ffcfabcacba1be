import AWS
import Foundation

/// Reads the actual state of tables: one `DescribeTable`, then `DescribeContinuousBackups`,
/// `DescribeTimeToLive` and `ListTagsOfResource` at once, per table; tables concurrently
/// (at most ``TableProvisioningOptions/concurrency`` at a time).
public struct TableStateReader: Sendable {
    public let client: DynamoDBClient
    /// The region the client talks to (left out of replica lists).
    public let region: String
    public let options: TableProvisioningOptions

    public init(client: DynamoDBClient, region: String, options: TableProvisioningOptions = TableProvisioningOptions()) {
        self.client = client
        self.region = region
        self.options = options
    }

    /// The state of `name`, or nil when the table does not exist.
    public func read(_ name: String) async throws(TableProvisioningError) -> TableState? {
        guard let table = try await describe(name) else { return nil }
        return try await read(description: table)
    }

    /// The state of a table already described (saves the `DescribeTable`).
    func read(description table: DynamoDBTableDescription) async throws(TableProvisioningError) -> TableState? {
        let name = table.tableName
        let settling = !table.isSettledForSettingsCalls
        do {
            async let backups = optional(settling) { try await client.describeContinuousBackups(tableName: name) }
            async let ttl = optional(settling) { try await client.describeTimeToLive(tableName: name) }
            async let tags = optional(settling) { () async throws -> [DynamoDBTag] in
                guard let arn = table.tableARN else { return [] }
                return try await client.listTagsOfResource(arn: arn)
            }
            let (b, t, g) = try await (backups, ttl, tags)
            return TableState(description: table, pointInTimeRecovery: b?.pointInTimeRecoveryEnabled ?? false, timeToLive: t,
                              tags: g ?? [], region: region, manageReplicas: options.manageReplicas)
        } catch let error as AWSError where error.code == .resourceNotFound {
            return nil // deleted between the calls
        } catch {
            throw TableProvisioningError.from(error, table: name, action: Self.action(of: error) ?? "DescribeTable")
        }
    }

    /// `DescribeTable`, nil when the table does not exist.
    func describe(_ name: String) async throws(TableProvisioningError) -> DynamoDBTableDescription? {
        do {
            return try await client.describeTable(name)
        } catch let error as AWSError where error.code == .resourceNotFound {
            return nil
        } catch {
            throw TableProvisioningError.from(error, table: name, action: "DescribeTable")
        }
    }

    /// The states of `names` (absent tables are missing from the result), read concurrently.
    public func read(_ names: [String]) async throws(TableProvisioningError) -> [String: TableState] {
        let unique = Array(Set(names)).sorted()
        let limit = options.concurrency
        let results: [(String, Result<TableState?, TableProvisioningError>)] = await withTaskGroup(
            of: (String, Result<TableState?, TableProvisioningError>).self) { group in
            var iterator = unique.makeIterator()
            func addNext() -> Bool {
                guard let name = iterator.next() else { return false }
                group.addTask { await self.result(of: name) }
                return true
            }
            for _ in 0..<limit where !addNext() { break }
            var collected: [(String, Result<TableState?, TableProvisioningError>)] = []
            while let result = await group.next() {
                collected.append(result)
                _ = addNext()
            }
            return collected
        }
        var states: [String: TableState] = [:]
        var errors: [TableProvisioningError] = []
        for (name, result) in results.sorted(by: { $0.0 < $1.0 }) {
            switch result {
            case .success(let state): if let state { states[name] = state }
            case .failure(let error): errors.append(error)
            }
        }
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw .several(errors) }
        return states
    }

    /// `read(name)` as a value (a named function: typed throws inside a task-group closure
    /// miscompiles in release builds of Swift 6.3 and crashes in the group).
    private func result(of name: String) async -> (String, Result<TableState?, TableProvisioningError>) {
        do {
            return (name, .success(try await read(name)))
        } catch {
            return (name, .failure(error))
        }
    }

    /// Runs a settings read; while the table is still being created a missing answer is nil, not an error.
    private func optional<T: Sendable>(_ tolerant: Bool, _ body: @Sendable () async throws -> T) async throws -> T? {
        do {
            return try await body()
        } catch let error as AWSError where tolerant && (error.code == .resourceNotFound || error.code == .resourceInUse) {
            return nil
        }
    }

    /// The DynamoDB action named in an AWS error (`DynamoDB.ListTagsOfResource` → `ListTagsOfResource`).
    static func action(of error: any Error) -> String? {
        guard let error = error as? AWSError else { return nil }
        return error.operation.split(separator: ".").last.map(String.init)
    }
}

extension DynamoDBTableDescription {
    /// Whether the settings calls (backups, TTL, tags) are expected to answer.
    var isSettledForSettingsCalls: Bool { tableStatus != "CREATING" }
}
