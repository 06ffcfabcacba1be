import Foundation
import PipelineModel

/// The plan of a set of tables: changes per table, notes, and the states it was made from.
public struct TablePlan: Sendable, Equatable {
    /// One change per table (desired ones first, by name; then orphaned ones), `noChange` included.
    public var changes: [PlannedChange]
    /// Things approvers should know beyond the changes (tables still settling, unmanaged replicas,
    /// why a replacement is refused and what to do, a table not made by the pipeline).
    public var notes: [String]
    /// The desired states, by table name.
    public var desired: [String: TableState]
    /// The actual states read, by table name (absent tables are missing).
    public var actual: [String: TableState]
    /// Every table name read (desired and previously defined), for the snapshot.
    public var read: [String]

    public init(changes: [PlannedChange], notes: [String], desired: [String: TableState], actual: [String: TableState], read: [String]) {
        self.changes = changes
        self.notes = notes
        self.desired = desired
        self.actual = actual
        self.read = read
    }

    /// Whether applying would change anything.
    public var hasChanges: Bool { changes.contains { $0.action.changesSomething } }

    /// The change planned for `table`.
    public func change(for table: String) -> PlannedChange? { changes.first { $0.resource == table } }

    /// `{name: state}` of the desired states.
    public var desiredJSON: JSONValue { .object(desired.mapValues(\.jsonValue)) }

    /// `{name: state or null}` for every table read: what a fresh read must equal for the plan to stand.
    public var snapshotJSON: JSONValue { Self.snapshot(of: actual, names: read) }

    /// The plan as the engine stores it.
    public var stepPlan: StepPlan { StepPlan(changes: changes, desired: desiredJSON, snapshot: snapshotJSON, notes: notes) }

    /// `{name: state or null}` of `states` over `names`.
    public static func snapshot(of states: [String: TableState], names: [String]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: Set(names).map { ($0, states[$0]?.jsonValue ?? .null) }))
    }
}
