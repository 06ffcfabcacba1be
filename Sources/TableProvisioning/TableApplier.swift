import AWS
import Foundation

/// Converges tables to their desired states, each from a fresh read, so an apply that stopped
/// half-way (killed, timed out, denied) finishes when run again: nothing is created twice and
/// nothing fails on "already exists".
///
/// Per table: a missing table is created with keys, attributes, indexes, billing, stream,
/// encryption, deletion protection and tags in one `CreateTable`, then PITR, TTL and replicas
/// are set once it is ACTIVE. An existing table gets, in this order: index deletions (one
/// `UpdateTable` each, waiting until the index is gone), billing and capacity, index creations
/// (one each, waiting until ACTIVE), stream, encryption, deletion protection, PITR, TTL, tags,
/// replicas. Tables are applied concurrently (``TableProvisioningOptions/concurrency``). A table
/// is deleted only for a replacement that was allowed, and never in rollback.
public struct TableApplier: Sendable {
    /// `deploy` converges to the given states; `rollback` converges the tables the previous
    /// commit defined to their previous states but never deletes or replaces a table.
    public enum Mode: String, Sendable {
        case deploy, rollback
    }

    /// What happened to one table.
    public struct Outcome: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case created, updated, unchanged, replaced, leftAlone
        }
        public var table: String
        public var kind: Kind
        /// AWS calls that changed something.
        public var changesMade: Int
    }

    public let client: DynamoDBClient
    public let reader: TableStateReader
    public let options: TableProvisioningOptions
    let log: @Sendable (String) -> Void

    /// - Parameters:
    ///   - region: the region `client` talks to.
    ///   - log: one line per AWS change, e.g. `tenants: creating index EmailIndex (2 of 3)…`.
    public init(client: DynamoDBClient, region: String, options: TableProvisioningOptions = TableProvisioningOptions(),
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.options = options
        self.log = log
        reader = TableStateReader(client: client, region: region, options: options)
    }

    /// Converges every table in `desired`.
    ///
    /// - Parameters:
    ///   - allowReplacement: allow deleting and re-creating a table whose key schema or LSIs
    ///     changed (refused anyway when its deletion protection is on; ignored in rollback).
    ///   - leftAlone: in rollback, tables that exist now but the previous commit did not define;
    ///     they are not touched, and the log says so.
    ///   - ownership: what tells the pipeline's tables from others: a table the pipeline did not
    ///     make is never replaced, whatever `allowReplacement` says
    ///     (``TableProvisioningError/notMadeByPipeline(table:difference:reason:)``).
    /// - Returns: one outcome per table, by name.
    @discardableResult
    public func apply(desired: [TableState], allowReplacement: Bool = false, mode: Mode = .deploy,
                      leftAlone: [String] = [], ownership: TableOwnership = TableOwnership()) async throws(TableProvisioningError) -> [Outcome] {
        let states = Dictionary(desired.map { ($0.tableName, $0) }) { _, last in last }.values.sorted { $0.tableName < $1.tableName }
        var outcomes: [Outcome] = []
        for name in Set(leftAlone).subtracting(states.map(\.tableName)).sorted() {
            log("\(name): not defined by the previous commit: left as is (rollback never deletes a table)")
            outcomes.append(Outcome(table: name, kind: .leftAlone, changesMade: 0))
        }
        let limit = options.concurrency
        let results = await withTaskGroup(of: (String, Result<Outcome, TableProvisioningError>).self) { group in
            var iterator = states.makeIterator()
            func addNext() -> Bool {
                guard let state = iterator.next() else { return false }
                group.addTask { await self.result(of: state, allowReplacement: allowReplacement, mode: mode, ownership: ownership) }
                return true
            }
            for _ in 0..<limit where !addNext() { break }
            var collected: [(String, Result<Outcome, TableProvisioningError>)] = []
            while let result = await group.next() {
                collected.append(result)
                _ = addNext()
            }
            return collected
        }
        var errors: [TableProvisioningError] = []
        for (_, result) in results.sorted(by: { $0.0 < $1.0 }) {
            switch result {
            case .success(let outcome): outcomes.append(outcome)
            case .failure(let error): errors.append(error)
            }
        }
        if errors.count == 1 { throw errors[0] }
        if !errors.isEmpty { throw .several(errors) }
        return outcomes.sorted { $0.table < $1.table }
    }

    /// `converge` as a value (a named function: typed throws inside a task-group closure
    /// miscompiles in release builds of Swift 6.3 and crashes in the group).
    private func result(of state: TableState, allowReplacement: Bool, mode: Mode,
                        ownership: TableOwnership) async -> (String, Result<Outcome, TableProvisioningError>) {
        do {
            return (state.tableName, .success(try await convergeRecovering(state, allowReplacement: allowReplacement, mode: mode,
                                                                          ownership: ownership)))
        } catch {
            return (state.tableName, .failure(error))
        }
    }
}
