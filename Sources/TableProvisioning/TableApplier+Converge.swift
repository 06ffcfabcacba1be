import AWS
import Foundation
import PipelineModel

extension TableApplier {
    /// The table being converged: its latest known state and ARN, and the changes made so far.
    struct Progress {
        var state: TableState
        var arn: String?
        var changesMade = 0
    }

    /// Converges one table; after a change call whose outcome is unknown (a 5xx or no answer to
    /// `CreateTable` or `UpdateTable`, which the transport never repeats blindly) it reads the
    /// table again and converges from what is there, up to ``TableProvisioningOptions/unknownOutcomeRetries`` times.
    func convergeRecovering(_ desired: TableState, allowReplacement: Bool, mode: Mode,
                            ownership: TableOwnership = TableOwnership()) async throws(TableProvisioningError) -> Outcome {
        var attempt = 0
        while true {
            do throws(TableProvisioningError) {
                return try await converge(desired, allowReplacement: allowReplacement, mode: mode, ownership: ownership)
            } catch where error.outcomeUnknown && attempt < options.unknownOutcomeRetries {
                attempt += 1
                log("\(desired.tableName): \(error.description.split(separator: "\n").first ?? ""); reading the table again to see what took effect (\(attempt) of \(options.unknownOutcomeRetries))…")
            }
        }
    }

    /// Converges one table from a fresh read. A change DynamoDB cannot make in place is refused,
    /// changing nothing, unless the table is the pipeline's, replacement is allowed and deletion
    /// protection is off (the planner's checks, in the same order: ``TablePlanner``).
    func converge(_ desired: TableState, allowReplacement: Bool, mode: Mode,
                  ownership: TableOwnership = TableOwnership()) async throws(TableProvisioningError) -> Outcome {
        let name = desired.tableName
        var kind = Outcome.Kind.updated
        var progress: Progress
        if let existing = try await freshProgress(name) {
            progress = existing
        } else {
            progress = try await create(desired)
            kind = .created
        }
        var changes = progress.state.changes(toReach: desired)
        if let forced = changes.first(where: { TableState.forcesReplacement($0.path) }) {
            let verdict = ownership.verdict(actual: progress.state, desired: desired)
            if !verdict.isPipelines {
                // Never replaced, never converged part-way: a table someone else made is left as it is.
                let difference = progress.state.inPlaceDifference(to: desired)
                guard mode == .rollback else { throw .notMadeByPipeline(table: name, difference: difference, reason: verdict.reason) }
                log("\(name): \(difference), and it was not made by the pipeline (\(verdict.reason)): rollback leaves it as is")
                return Outcome(table: name, kind: .leftAlone, changesMade: 0)
            }
            if mode == .rollback {
                for change in changes where TableState.forcesReplacement(change.path) {
                    log("\(name): \(change.path) differs from the previous definition; DynamoDB cannot change it in place and rollback never replaces a table: left as is")
                }
                changes.removeAll { TableState.forcesReplacement($0.path) }
            } else if !allowReplacement {
                throw .replacementRefused(table: name, attribute: forced.path, reason: TablePlanner.reason(forced.path))
            } else if progress.state.deletionProtection {
                throw .replacementProtected(table: name, attribute: forced.path)
            } else {
                let made = try await replace(desired, because: forced.path)
                progress = try await create(desired)
                progress.changesMade += made
                kind = .replaced
                changes = progress.state.changes(toReach: desired)
            }
        }
        if changes.isEmpty {
            if kind == .updated { log("\(name): up to date") }
            return Outcome(table: name, kind: kind == .updated ? .unchanged : kind, changesMade: progress.changesMade)
        }
        try await updateIndexesAndCapacity(desired, &progress)
        try await updateSettings(desired, &progress)
        try await updateTags(desired, &progress)
        try await updateReplicas(desired, &progress)
        log("\(name): \(kind == .created ? "created" : kind == .replaced ? "replaced" : "updated") (\(progress.changesMade) change\(progress.changesMade == 1 ? "" : "s"))")
        return Outcome(table: name, kind: kind, changesMade: progress.changesMade)
    }

    /// Reads the table, waiting first if it is still changing; nil when it does not exist.
    func freshProgress(_ name: String) async throws(TableProvisioningError) -> Progress? {
        guard var table = try await reader.describe(name) else { return nil }
        if !table.pendingWork.isEmpty {
            log("\(name): \(table.pendingWork.joined(separator: ", ")); waiting for it to settle…")
            table = try await waitUntilSettled(name, for: "the table and its indexes to become ACTIVE")
        }
        guard let state = try await reader.read(description: table) else { return nil }
        return Progress(state: state, arn: table.tableARN)
    }

    /// `CreateTable` with everything it takes, then wait for ACTIVE and read the table back.
    func create(_ desired: TableState) async throws(TableProvisioningError) -> Progress {
        let name = desired.tableName
        var parts = ["\(desired.globalSecondaryIndexes.count) global index\(desired.globalSecondaryIndexes.count == 1 ? "" : "es")"]
        if !desired.localSecondaryIndexes.isEmpty { parts.append("\(desired.localSecondaryIndexes.count) local") }
        parts.append(desired.billingMode)
        if let stream = desired.stream { parts.append("stream \(stream.viewType)") }
        if desired.deletionProtection { parts.append("deletion protection") }
        parts.append("\(desired.tags.count) tags")
        log("\(name): creating table (\(parts.joined(separator: ", ")))…")
        var made = 1
        do {
            try await client.createTable(desired.createTableInput)
        } catch let error as AWSError where error.code == .resourceInUse {
            made = 0
            log("\(name): already being created elsewhere; waiting for it")
        } catch {
            throw TableProvisioningError.from(error, table: name, action: "CreateTable")
        }
        _ = try await waitUntilSettled(name, for: "the new table to become ACTIVE")
        guard var progress = try await freshProgress(name) else {
            throw .transport(table: name, action: "DescribeTable", reason: "the table was created but is gone again (deleted by someone else?)")
        }
        progress.changesMade = made
        return progress
    }

    /// Deletes a table for an allowed replacement and waits until it is gone.
    func replace(_ desired: TableState, because path: String) async throws(TableProvisioningError) -> Int {
        let name = desired.tableName
        log("\(name): deleting the table to replace it (\(path) changed; its data is deleted)…")
        do {
            try await client.deleteTable(name)
        } catch let error as AWSError where error.code == .resourceNotFound {
            return 0
        } catch {
            throw TableProvisioningError.from(error, table: name, action: "DeleteTable")
        }
        try await waitUntilGone(name)
        return 1
    }

    /// Index deletions, billing and capacity, index creations: one `UpdateTable` each, waiting between them.
    func updateIndexesAndCapacity(_ desired: TableState, _ progress: inout Progress) async throws(TableProvisioningError) {
        let name = desired.tableName
        let deletions = progress.state.globalSecondaryIndexes.filter { index in
            desired.globalIndex(index.name).map { index.needsRebuild(toMatch: $0) } ?? true
        }
        for (number, index) in deletions.enumerated() {
            let rebuild = desired.globalIndex(index.name) != nil
            log("\(name): deleting index \(index.name)\(rebuild ? " to rebuild it (keys or projection changed)" : "") (\(number + 1) of \(deletions.count))…")
            try await update(DynamoDBUpdateTableInput(tableName: name, globalSecondaryIndexUpdates: [.delete(indexName: index.name)]),
                             waitingFor: "index \(index.name) to be deleted", &progress)
        }
        let current = progress.state
        let provisioned = desired.billingMode == "PROVISIONED"
        let indexUpdates: [DynamoDBGlobalSecondaryIndexUpdate] = provisioned
            ? current.globalSecondaryIndexes.compactMap { index in
                guard let wanted = desired.globalIndex(index.name)?.throughput, wanted != index.throughput else { return nil }
                return .update(indexName: index.name, provisionedThroughput: wanted.wire)
            }
            : []
        if current.billingMode != desired.billingMode || current.provisionedThroughput != desired.provisionedThroughput || !indexUpdates.isEmpty {
            let capacity = desired.provisionedThroughput.map { " (\($0.read) read, \($0.write) write)" } ?? ""
            log("\(name): setting billing \(desired.billingMode)\(capacity)\(indexUpdates.isEmpty ? "" : " and the capacity of \(indexUpdates.count) index(es)")…")
            try await update(DynamoDBUpdateTableInput(
                tableName: name, billingMode: current.billingMode != desired.billingMode ? desired.billingMode : nil,
                provisionedThroughput: provisioned ? desired.provisionedThroughput?.wire : nil,
                globalSecondaryIndexUpdates: indexUpdates.isEmpty ? nil : indexUpdates), waitingFor: "the new capacity", &progress)
        }
        let creations = desired.globalSecondaryIndexes.filter { progress.state.globalIndex($0.name) == nil }
        for (number, index) in creations.enumerated() {
            log("\(name): creating index \(index.name) (\(number + 1) of \(creations.count))…")
            let attributes = progress.state.usedAttributes(indexes: progress.state.globalSecondaryIndexes + [index])
            try await update(DynamoDBUpdateTableInput(tableName: name, attributeDefinitions: attributes.map(\.wire),
                                                      globalSecondaryIndexUpdates: [.create(index.wire)]),
                             waitingFor: "index \(index.name) to become ACTIVE", &progress)
        }
    }

    /// Stream, encryption, deletion protection (`UpdateTable`), then PITR and TTL.
    func updateSettings(_ desired: TableState, _ progress: inout Progress) async throws(TableProvisioningError) {
        let name = desired.tableName
        if progress.state.stream != desired.stream {
            if let old = progress.state.stream {
                log("\(name): disabling stream \(old.viewType)\(desired.stream == nil ? "" : " (DynamoDB changes a view type by disabling, then enabling)")…")
                try await update(DynamoDBUpdateTableInput(tableName: name, streamSpecification: DynamoDBStreamSpecification(enabled: false)),
                                 waitingFor: "the stream to be disabled", &progress)
            }
            if let new = desired.stream {
                log("\(name): enabling stream \(new.viewType)…")
                try await update(DynamoDBUpdateTableInput(
                    tableName: name, streamSpecification: DynamoDBStreamSpecification(enabled: true, viewType: new.viewType)),
                    waitingFor: "the stream to be enabled", &progress)
            }
        }
        if let wanted = desired.serverSideEncryption, let actual = progress.state.serverSideEncryption, !wanted.isSatisfied(by: actual) {
            log("\(name): setting encryption \(wanted.type)\(wanted.kmsKey.map { " (\($0))" } ?? "")…")
            try await update(DynamoDBUpdateTableInput(tableName: name, sseSpecification: wanted.updateWire),
                             waitingFor: "the new encryption", &progress)
        }
        if progress.state.deletionProtection != desired.deletionProtection {
            log("\(name): turning deletion protection \(desired.deletionProtection ? "on" : "off")…")
            try await update(DynamoDBUpdateTableInput(tableName: name, deletionProtectionEnabled: desired.deletionProtection),
                             waitingFor: "deletion protection", &progress)
        }
        if progress.state.pointInTimeRecovery != desired.pointInTimeRecovery {
            log("\(name): turning point-in-time recovery \(desired.pointInTimeRecovery ? "on" : "off")…")
            try await call(name, "UpdateContinuousBackups") {
                try await client.updateContinuousBackups(tableName: name, pointInTimeRecovery: desired.pointInTimeRecovery)
            }
            progress.state.pointInTimeRecovery = desired.pointInTimeRecovery
            progress.changesMade += 1
        }
        if progress.state.timeToLive != desired.timeToLive {
            if let old = progress.state.timeToLive {
                log("\(name): disabling TTL on \(old)…")
                try await call(name, "UpdateTimeToLive") { try await client.updateTimeToLive(tableName: name, attributeName: old, enabled: false) }
                progress.state.timeToLive = nil
                progress.changesMade += 1
            }
            if let new = desired.timeToLive {
                log("\(name): enabling TTL on \(new)…")
                try await call(name, "UpdateTimeToLive") { try await client.updateTimeToLive(tableName: name, attributeName: new, enabled: true) }
                progress.state.timeToLive = new
                progress.changesMade += 1
            }
        }
    }
}
