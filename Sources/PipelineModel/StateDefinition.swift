/// Where run state is kept, as a pipeline file declares it (`Pipeline(…, state: .dynamoDB(…))`).
/// Decoded with defaults: a document without `state` keeps the embedded default.
public struct StateDefinition: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case local
        case dynamoDB = "dynamodb"
    }

    public var kind: Kind
    public var table: String?
    public var region: String?
    public var role: String?
    public var location: SourceLocation?

    public init(kind: Kind, table: String? = nil, region: String? = nil, role: String? = nil, location: SourceLocation? = nil) {
        self.kind = kind
        self.table = table
        self.region = region
        self.role = role
        self.location = location
    }

    /// `dynamodb://TABLE?region=…[&role=…]` for a DynamoDB state, nil for the local default.
    public var url: String? {
        guard kind == .dynamoDB, let table else { return nil }
        var url = "dynamodb://\(table)"
        if let region { url += "?region=\(region)" }
        if let role { url += "\(region == nil ? "?" : "&")role=\(role)" }
        return url
    }

    /// What is wrong with the declaration (empty: nothing).
    public var issues: [String] {
        guard kind == .dynamoDB else { return [] }
        var issues: [String] = []
        if (table ?? "").isEmpty { issues.append("state: a DynamoDB state needs a table name") }
        if let table, !table.isEmpty, !(3...255).contains(table.count) || !table.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }) {
            issues.append("state: '\(table)' is not a DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -)")
        }
        if (region ?? "").isEmpty { issues.append("state: a DynamoDB state needs a region, e.g. region: \"af-south-1\"") }
        if let role, !role.hasPrefix("arn:") { issues.append("state: role '\(role)' must be a full role ARN (arn:aws:iam::<account>:role/<name>)") }
        return issues
    }
}
