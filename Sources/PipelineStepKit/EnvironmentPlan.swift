import Foundation

/// An environment's plan as a request carries it: the steps planned (before this one, for
/// `plan`; the whole saved plan, for the other verbs) with their changes, desired state and notes.
public struct EnvironmentPlan: Codable, Sendable {
    /// One step of the plan. Built-in steps' `desired` shapes are in `docs/plan-format.md`.
    public struct Step: Codable, Sendable {
        public var name: String
        /// The step's kind, e.g. `provision-tables` for a built-in step, `external` for a module.
        public var kind: String
        public var changes: [StepChange]
        /// What the step will make real; nil when it plans no state.
        public var desired: StepValue?
        public var notes: [String]

        public init(name: String, kind: String, changes: [StepChange] = [], desired: StepValue? = nil, notes: [String] = []) {
            self.name = name
            self.kind = kind
            self.changes = changes
            self.desired = desired
            self.notes = notes
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            kind = try container.decode(String.self, forKey: .kind)
            changes = try container.decodeIfPresent([StepChange].self, forKey: .changes) ?? []
            desired = try container.decodeIfPresent(StepValue.self, forKey: .desired).flatMap { $0.isNull ? nil : $0 }
            notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(kind, forKey: .kind)
            try container.encode(changes, forKey: .changes)
            try container.encode(desired ?? .null, forKey: .desired)
            try container.encode(notes, forKey: .notes)
        }

        private enum CodingKeys: String, CodingKey { case name, kind, changes, desired, notes }
    }

    /// The environment's name.
    public var environment: String
    /// The saved plan's hash (what approvers approved); nil while planning.
    public var hash: String?
    public var steps: [Step]

    public init(environment: String, hash: String? = nil, steps: [Step] = []) {
        self.environment = environment
        self.hash = hash
        self.steps = steps
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(environment, forKey: .environment)
        try container.encode(hash, forKey: .hash)
        try container.encode(steps, forKey: .steps)
    }

    private enum CodingKeys: String, CodingKey { case environment, hash, steps }

    /// The steps of `kind`, in plan order.
    public func steps(ofKind kind: String) -> [Step] { steps.filter { $0.kind == kind } }

    /// The step named `name`, if planned.
    public func step(named name: String) -> Step? { steps.first { $0.name == name } }
}
