/// What one step would change, as data: the changes per resource and attribute, the desired
/// state it read from the repository at the run's commit, and a snapshot of the actual state it
/// read from the live system. A deploy applies a saved plan only while a fresh read of the
/// actual state still equals `snapshot` (otherwise the plan is stale).
///
/// Rules for step modules that plan: `desired` and `snapshot` are plain JSON with sorted,
/// stable content (no timestamps, no request ids, no counters that change by themselves), so
/// that two reads of an unchanged system are equal; `changes` lists every resource the step
/// manages, `noChange` included, so a plan shows what it looked at.
public struct StepPlan: Codable, Sendable, Equatable {
    public var changes: [PlannedChange]
    public var desired: JSONValue?
    public var snapshot: JSONValue?
    /// Things approvers should know that are not changes (e.g. a setting AWS cannot report).
    public var notes: [String]

    public init(changes: [PlannedChange], desired: JSONValue? = nil, snapshot: JSONValue? = nil, notes: [String] = []) {
        self.changes = changes
        self.desired = desired
        self.snapshot = snapshot
        self.notes = notes
    }

    /// Whether applying would change anything (`noChange` and `orphaned` do not).
    public var hasChanges: Bool { changes.contains { $0.action.changesSomething } }

    enum CodingKeys: String, CodingKey { case changes, desired, snapshot, notes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        changes = try c.decode([PlannedChange].self, forKey: .changes)
        desired = try c.decodeIfPresent(JSONValue.self, forKey: .desired)
        snapshot = try c.decodeIfPresent(JSONValue.self, forKey: .snapshot)
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
    }
}
