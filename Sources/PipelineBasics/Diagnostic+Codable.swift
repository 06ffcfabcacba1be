/// The JSON form is flat, as in run events and step results:
/// `{"severity": "error", "message": "…", "file": "…", "line": 3, "column": 7, "rule": "table.gsi-limit"}`
/// (`file`, `line`, `column`, `pointer` and `rule` only when known).
extension Diagnostic: Codable {
    enum CodingKeys: String, CodingKey {
        case severity, message, file, line, column, pointer, rule
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let file = try container.decodeIfPresent(String.self, forKey: .file)
        self.init(
            severity: try container.decodeIfPresent(Severity.self, forKey: .severity) ?? .error,
            message: try container.decode(String.self, forKey: .message),
            location: try file.map {
                Location(file: $0, line: try container.decodeIfPresent(Int.self, forKey: .line),
                         column: try container.decodeIfPresent(Int.self, forKey: .column),
                         pointer: try container.decodeIfPresent(String.self, forKey: .pointer))
            },
            rule: try container.decodeIfPresent(Rule.self, forKey: .rule))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(location?.file, forKey: .file)
        try container.encodeIfPresent(location?.line, forKey: .line)
        try container.encodeIfPresent(location?.column, forKey: .column)
        try container.encodeIfPresent(location?.pointer, forKey: .pointer)
        try container.encodeIfPresent(rule, forKey: .rule)
    }
}
