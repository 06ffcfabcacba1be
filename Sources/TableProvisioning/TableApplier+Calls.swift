import AWS
import Foundation

extension TableApplier {
    /// Tags added, changed and removed: `UntagResource` for removed keys, `TagResource` for
    /// added and changed ones. Some endpoints (moto) append a re-tagged key instead of replacing
    /// it: the tags are read back and a key left with a duplicate or an old value is untagged and tagged again.
    func updateTags(_ desired: TableState, _ progress: inout Progress) async throws(TableProvisioningError) {
        let name = desired.tableName
        let current = progress.state.tags
        guard current != desired.tags else { return }
        guard let arn = progress.arn else {
            throw .transport(table: name, action: "TagResource", reason: "DescribeTable returned no table ARN to tag")
        }
        let removed = current.keys.filter { desired.tags[$0] == nil }.sorted()
        let changed = desired.tags.filter { current[$0.key] != nil && current[$0.key] != $0.value }
        let added = desired.tags.filter { current[$0.key] == nil }
        if !removed.isEmpty {
            log("\(name): removing tag\(removed.count == 1 ? "" : "s") \(removed.joined(separator: ", "))…")
            try await call(name, "UntagResource") { try await client.untagResource(arn: arn, keys: removed) }
            progress.changesMade += 1
        }
        let writes = changed.merging(added) { new, _ in new }
        if !writes.isEmpty {
            log("\(name): tagging (\(added.count) added, \(changed.count) changed): \(writes.keys.sorted().joined(separator: ", "))…")
            try await call(name, "TagResource") { try await client.tagResource(arn: arn, tags: Self.tags(writes)) }
            progress.changesMade += 1
        }
        if !changed.isEmpty {
            let listed = try await call(name, "ListTagsOfResource") { try await client.listTagsOfResource(arn: arn) }
            let wrong = changed.filter { key, value in listed.filter { $0.key == key }.map(\.value) != [value] }
            if !wrong.isEmpty {
                let keys = wrong.keys.sorted()
                log("\(name): the endpoint kept old values of \(keys.joined(separator: ", ")); untagging and tagging them again…")
                try await call(name, "UntagResource") { try await client.untagResource(arn: arn, keys: keys) }
                try await call(name, "TagResource") { try await client.tagResource(arn: arn, tags: Self.tags(wrong)) }
                progress.changesMade += 2
            }
        }
        progress.state.tags = desired.tags
    }

    /// Replica additions and removals, one `UpdateTable` each, waiting for each to settle.
    func updateReplicas(_ desired: TableState, _ progress: inout Progress) async throws(TableProvisioningError) {
        guard let wanted = desired.replicas, let actual = progress.state.replicas, wanted != actual else { return }
        let name = desired.tableName
        for region in wanted where !actual.contains(region) {
            log("\(name): adding replica in \(region)…")
            try await update(DynamoDBUpdateTableInput(tableName: name, replicaUpdates: [.create(regionName: region)]),
                             waitingFor: "the replica in \(region) to become ACTIVE", &progress)
        }
        for region in actual where !wanted.contains(region) {
            log("\(name): removing replica in \(region) (the table in \(region) is deleted)…")
            try await update(DynamoDBUpdateTableInput(tableName: name, replicaUpdates: [.delete(regionName: region)]),
                             waitingFor: "the replica in \(region) to be removed", &progress)
        }
    }

    static func tags(_ values: [String: String]) -> [DynamoDBTag] {
        values.sorted { $0.key < $1.key }.map { DynamoDBTag($0.key, $0.value) }
    }

    /// One `UpdateTable`, waiting until the table settles afterwards. A table busy with another
    /// change (`ResourceInUseException`) is waited for and the call retried, up to
    /// ``TableProvisioningOptions/busyRetries`` times.
    func update(_ input: DynamoDBUpdateTableInput, waitingFor what: String, _ progress: inout Progress) async throws(TableProvisioningError) {
        let name = input.tableName
        var attempt = 0
        while true {
            do {
                try await client.updateTable(input)
                break
            } catch let error as AWSError where error.code == .resourceInUse && attempt < options.busyRetries {
                attempt += 1
                log("\(name): busy with another change (\(error.message)); waiting, then trying again (\(attempt) of \(options.busyRetries))…")
                _ = try await waitUntilSettled(name, for: "the other change to finish")
            } catch {
                throw TableProvisioningError.from(error, table: name, action: "UpdateTable")
            }
        }
        progress.changesMade += 1
        let table = try await waitUntilSettled(name, for: what)
        var state = TableState(description: table, pointInTimeRecovery: progress.state.pointInTimeRecovery, timeToLive: nil,
                               tags: [], region: reader.region, manageReplicas: options.manageReplicas)
        state.timeToLive = progress.state.timeToLive
        state.tags = progress.state.tags
        progress.state = state
        progress.arn = table.tableARN ?? progress.arn
    }

    /// Runs one AWS call of `action`, mapping its errors.
    @discardableResult
    func call<T: Sendable>(_ table: String, _ action: String, _ body: () async throws -> T) async throws(TableProvisioningError) -> T {
        do {
            return try await body()
        } catch {
            throw TableProvisioningError.from(error, table: table, action: action)
        }
    }

    /// Polls `DescribeTable` until nothing is pending (bounded by ``TableProvisioningOptions/waitTimeout``).
    func waitUntilSettled(_ name: String, for what: String) async throws(TableProvisioningError) -> DynamoDBTableDescription {
        let start = Date()
        var pending: [String] = []
        repeat {
            let table = try await call(name, "DescribeTable") { try await client.describeTable(name) }
            pending = table.pendingWork
            if pending.isEmpty { return table }
            try await pause(name, since: start)
        } while Date().timeIntervalSince(start) < options.waitTimeout
        throw .timedOut(table: name, waitingFor: what, pending: pending, seconds: Int(options.waitTimeout.rounded()))
    }

    /// Polls until `DescribeTable` answers `ResourceNotFoundException`.
    func waitUntilGone(_ name: String) async throws(TableProvisioningError) {
        let start = Date()
        var pending: [String] = []
        repeat {
            guard let table = try await reader.describe(name) else { return }
            pending = table.pendingWork
            try await pause(name, since: start)
        } while Date().timeIntervalSince(start) < options.waitTimeout
        throw .timedOut(table: name, waitingFor: "the table to be deleted", pending: pending, seconds: Int(options.waitTimeout.rounded()))
    }

    private func pause(_ name: String, since start: Date) async throws(TableProvisioningError) {
        let left = options.waitTimeout - Date().timeIntervalSince(start)
        guard left > 0 else { return }
        do {
            try await Task.sleep(nanoseconds: UInt64(min(options.pollInterval, left) * 1_000_000_000))
        } catch {
            throw .cancelled(table: name, action: "waiting")
        }
    }
}
