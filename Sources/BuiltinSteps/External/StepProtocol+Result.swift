import PipelineModel

extension StepProtocol {
    /// What a module answers on descriptor 3 (versions 1 and 2; version 1 has only `message` and
    /// `changes`). Every field is optional.
    public struct Result: Codable, Sendable, Equatable {
        public var `protocol`: Int?
        public var message: String?
        public var changes: [Request.Change]?
        public var notes: [String]?
        public var desired: JSONValue?
        public var snapshot: JSONValue?
        /// Lines for the run's Markdown summary.
        public var summary: [String]?

        public init(protocol: Int? = nil, message: String? = nil, changes: [Request.Change]? = nil, notes: [String]? = nil,
                    desired: JSONValue? = nil, snapshot: JSONValue? = nil, summary: [String]? = nil) {
            self.protocol = `protocol`
            self.message = message
            self.changes = changes
            self.notes = notes
            self.desired = desired
            self.snapshot = snapshot
            self.summary = summary
        }

        /// The changes as the engine plans them; an action the engine does not know is an error
        /// naming it.
        func plannedChanges(module: String) throws -> [PlannedChange]? {
            try changes?.map { change in
                guard let action = PlannedChange.Action(rawValue: change.action) else {
                    throw ExternalStepError.badResult(
                        module: module, verb: "plan",
                        reason: "change '\(change.resource)' has action '\(change.action)'; use one of \(PlannedChange.Action.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return PlannedChange(action: action, type: change.type ?? "step", resource: change.resource, detail: change.detail ?? "")
            }
        }
    }
}
