/// One planned change to one resource, printed Terraform-style: `+` create, `~` update,
/// `-` delete, `-/+` replace, `>` run (a step whose effect cannot be planned), `=` no change,
/// `!` orphaned (the repository no longer defines it; it is kept, never deleted).
public struct PlannedChange: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case create, update, delete, replace, run, noChange, orphaned

        public var symbol: String {
            switch self {
            case .create: "+"
            case .update: "~"
            case .delete: "-"
            case .replace: "-/+"
            case .run: ">"
            case .noChange: "="
            case .orphaned: "!"
            }
        }

        /// Whether applying the plan would change something for this action.
        public var changesSomething: Bool {
            switch self {
            case .create, .update, .delete, .replace, .run: true
            case .noChange, .orphaned: false
            }
        }
    }

    public var action: Action
    /// What the resource is, e.g. `dynamodb.table`, `s3.bucket`, `s3.object`, `step`.
    public var type: String
    /// The resource's name, e.g. `tenants` or `receipts/payment_received.html`.
    public var resource: String
    /// One line for people: why, or what in short.
    public var detail: String
    /// The attributes that change, for `update` and `replace` (and what `create` sets).
    public var attributes: [AttributeChange]

    public init(action: Action, type: String = "step", resource: String, detail: String = "", attributes: [AttributeChange] = []) {
        self.action = action
        self.type = type
        self.resource = resource
        self.detail = detail
        self.attributes = attributes
    }

    enum CodingKeys: String, CodingKey { case action, type, resource, detail, attributes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        action = try c.decode(Action.self, forKey: .action)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "step"
        resource = try c.decode(String.self, forKey: .resource)
        detail = try c.decodeIfPresent(String.self, forKey: .detail) ?? ""
        attributes = try c.decodeIfPresent([AttributeChange].self, forKey: .attributes) ?? []
    }
}

/// One attribute of a resource that a plan changes: `tags.Owner`, `pointInTimeRecovery`,
/// `globalSecondaryIndexes.TenantIndex`.
public struct AttributeChange: Codable, Sendable, Equatable {
    /// Dotted path of the attribute within the resource.
    public var path: String
    /// `create` (added), `update` (changed), `delete` (removed), `replace` (forces a new resource).
    public var action: PlannedChange.Action
    public var before: JSONValue?
    public var after: JSONValue?

    public init(path: String, action: PlannedChange.Action, before: JSONValue? = nil, after: JSONValue? = nil) {
        self.path = path
        self.action = action
        self.before = before
        self.after = after
    }
}
