import Foundation
import PipelineModel

/// Turns desired and actual table states into planned changes (type `dynamodb.table`).
///
/// - `create` when the table does not exist (with every attribute it will set);
/// - `update` with one ``AttributeChange`` per attribute;
/// - `noChange`;
/// - `orphaned` for a table an earlier commit defined, this one does not, and that exists
///   (kept: tables are never deleted);
/// - `replace` for a key-schema or LSI change, which DynamoDB cannot make in place: planned as
///   a replacement when `allowReplacement` is true, the table is the pipeline's
///   (``TableOwnership``) and its deletion protection is off; otherwise planned as a refused
///   replacement (detail `refused: …`, a note saying why and what to do), which apply refuses
///   too. A table the pipeline did not make is never offered for replacement. Either way the
///   plan has changes (drift: `--detailed-exitcode` exits 2), never an error;
/// - `update` of a table that exists but was not made by the pipeline adopts it, and a note says so;
/// - a table-name change (`renamedFrom`) throws ``TableProvisioningError/replacementRefused(table:attribute:reason:)``
///   unless `allowReplacement`.
public struct TablePlanner: Sendable {
    /// The `PlannedChange.type` of tables.
    public static let resourceType = "dynamodb.table"

    public init() {}

    /// Plans `desired` against `actual`.
    ///
    /// - Parameters:
    ///   - actual: the states read (``TableStateReader/read(_:)-([String])``) of the desired
    ///     tables and of `previouslyDefined`; a missing name is a table that does not exist.
    ///   - previouslyDefined: tables an earlier commit (the environment's deployed one) defined.
    ///   - renamedFrom: new table name → the name the same definition had before (a rename).
    ///   - ownership: what tells the pipeline's tables from others (the environment's last deployment).
    public func plan(desired: [TableState], actual: [String: TableState], previouslyDefined: [String] = [],
                     renamedFrom: [String: String] = [:], allowReplacement: Bool = false,
                     ownership: TableOwnership = TableOwnership()) throws(TableProvisioningError) -> TablePlan {
        var changes: [PlannedChange] = []
        var notes: [String] = []
        let wanted = Dictionary(desired.map { ($0.tableName, $0) }) { _, last in last }
        for state in wanted.values.sorted(by: { $0.tableName < $1.tableName }) {
            let name = state.tableName
            guard let current = actual[name] else {
                if let old = renamedFrom[name], old != name, actual[old] != nil {
                    guard allowReplacement else {
                        throw .replacementRefused(table: old, attribute: "tableName (now \(name))",
                                                  reason: "DynamoDB cannot rename a table in place: a new table \(name) would be created without \(old)'s data")
                    }
                    changes.append(PlannedChange(action: .replace, type: Self.resourceType, resource: name,
                                                 detail: "renamed from \(old): creates \(name); \(old) is kept (never deleted): copy its data, then remove it yourself",
                                                 attributes: [AttributeChange(path: "tableName", action: .replace, before: .string(old), after: .string(name))]
                                                     + state.creationAttributes))
                    continue
                }
                changes.append(PlannedChange(action: .create, type: Self.resourceType, resource: name,
                                             detail: "new table", attributes: state.creationAttributes))
                continue
            }
            if !current.isSettled {
                notes.append("\(name) is still changing (\(current.pending.joined(separator: ", "))): apply waits for it to settle")
            }
            if let wantedReplicas = state.replicas, !wantedReplicas.isEmpty, current.replicas == nil {
                notes.append("\(name): replicas in \(wantedReplicas.joined(separator: ", ")) are not managed by this run (replica management is off)")
            }
            let attributes = current.changes(toReach: state)
            let verdict = ownership.verdict(actual: current, desired: state)
            if let forced = attributes.first(where: { TableState.forcesReplacement($0.path) }) {
                if let refusal = Self.refusal(current, state, verdict: verdict, allowReplacement: allowReplacement, attributes: attributes) {
                    changes.append(refusal.change)
                    notes.append(refusal.note)
                    continue
                }
                changes.append(PlannedChange(action: .replace, type: Self.resourceType, resource: name,
                                             detail: "\(forced.path) changed: deletes the table and its data, then creates it again",
                                             attributes: attributes))
            } else if case .handMade(let reason) = verdict, !attributes.isEmpty {
                changes.append(PlannedChange(action: .update, type: Self.resourceType, resource: name,
                                             detail: "adopts a table not made by the pipeline: \(Self.summary(attributes))", attributes: attributes))
                notes.append("\(name) exists but was not made by the pipeline (\(reason)): applying adopts it, making the changes shown "
                             + "(the pipeline's tags and settings); to keep the pipeline away from it, give the definition another tableName")
            } else if attributes.isEmpty {
                changes.append(PlannedChange(action: .noChange, type: Self.resourceType, resource: name,
                                             detail: current.isSettled ? "up to date" : "up to date once settled"))
            } else {
                changes.append(PlannedChange(action: .update, type: Self.resourceType, resource: name,
                                             detail: Self.summary(attributes), attributes: attributes))
            }
        }
        let renamedAway = Set(renamedFrom.values)
        for name in Set(previouslyDefined).union(renamedAway).subtracting(wanted.keys).sorted() where actual[name] != nil {
            let detail = renamedAway.contains(name)
                ? "renamed in the repository; the table is kept (never deleted)"
                : "no longer defined; the table is kept (never deleted): remove it yourself if it is no longer needed"
            changes.append(PlannedChange(action: .orphaned, type: Self.resourceType, resource: name, detail: detail))
        }
        let read = Array(Set(wanted.keys).union(previouslyDefined).union(renamedFrom.values)).sorted()
        return TablePlan(changes: changes, notes: notes, desired: wanted, actual: actual.filter { read.contains($0.key) }, read: read)
    }

    static func reason(_ path: String) -> String {
        path == "keySchema"
            ? "DynamoDB cannot change a table's key schema in place: the table must be deleted and created again"
            : "DynamoDB cannot add, remove or change a local secondary index (\(path.dropFirst("localSecondaryIndexes.".count))) after the table is created: the table must be deleted and created again"
    }

    /// `2 indexes, 3 tags, timeToLive`.
    static func summary(_ attributes: [AttributeChange]) -> String {
        var groups: [(String, Int)] = []
        for attribute in attributes {
            let head = String(attribute.path.split(separator: ".").first ?? "")
            if let index = groups.firstIndex(where: { $0.0 == head }) { groups[index].1 += 1 } else { groups.append((head, 1)) }
        }
        return groups.map { $0.1 > 1 || $0.0 == "tags" || $0.0.hasSuffix("Indexes") || $0.0 == "replicas" ? "\($0.0) (\($0.1))" : $0.0 }
            .joined(separator: ", ")
    }
}
