import Foundation

/// What a step module answers for one verb (written to descriptor 3). Every field is optional.
public struct StepResult: Codable, Sendable, Equatable {
    /// The protocol 1 name of a change.
    public typealias Change = StepChange

    /// Shown with the step's outcome (and as the failure when the module exits non-zero).
    public var message: String?
    /// For `plan`: one entry per resource the step manages, unchanged ones included.
    public var changes: [StepChange]?
    /// For `plan`: what approvers should know that is not a change (protocol 2).
    public var notes: [String]?
    /// For `plan`: the state the step will make true. When set (or ``snapshot`` is), the runner
    /// plans the step again before `apply` and refuses a plan gone stale (protocol 2).
    public var desired: StepValue?
    /// For `plan`: the actual state read while planning (protocol 2).
    public var snapshot: StepValue?
    /// Lines added to the run's Markdown summary, from any verb (protocol 2).
    public var summary: [String]?

    public init(message: String? = nil, changes: [StepChange]? = nil, notes: [String]? = nil, desired: StepValue? = nil,
                snapshot: StepValue? = nil, summary: [String]? = nil) {
        self.message = message
        self.changes = changes
        self.notes = notes
        self.desired = desired
        self.snapshot = snapshot
        self.summary = summary
    }

    /// The result as the wire document of `protocolVersion`: protocol 1 carries only `message`
    /// and `changes` (without their `type`).
    public func document(protocol protocolVersion: Int) -> StepValue {
        var fields: [String: StepValue] = ["protocol": .number(Double(protocolVersion))]
        fields["message"] = message.map(StepValue.string)
        if let changes {
            fields["changes"] = .array(changes.map { change in
                var entry: [String: StepValue] = ["action": .string(change.action.rawValue), "resource": .string(change.resource),
                                                  "detail": .string(change.detail)]
                if protocolVersion >= 2 { entry["type"] = change.type.map(StepValue.string) ?? "step" }
                return .object(entry)
            })
        }
        if protocolVersion >= 2 {
            fields["notes"] = notes.map { .array($0.map(StepValue.string)) }
            fields["desired"] = desired
            fields["snapshot"] = snapshot
            fields["summary"] = summary.map { .array($0.map(StepValue.string)) }
        }
        return .object(fields)
    }

    /// Reads a result document (of either protocol).
    public init(document: StepValue) throws {
        let data = try document.jsonData()
        self = try JSONDecoder().decode(StepResult.self, from: data)
        // `decodeIfPresent` reads an explicit null as absent; keep it.
        if document["desired"] == .null { desired = .null }
        if document["snapshot"] == .null { snapshot = .null }
    }
}
