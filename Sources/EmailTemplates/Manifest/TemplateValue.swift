/// A sample value from the manifest (JSON data), as given to Mustache when a template is rendered.
public enum TemplateValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([TemplateValue])
    case object([String: TemplateValue])
    case null

    /// The value in the shape swift-mustache renders: dictionaries, arrays, `String`, `Bool`,
    /// `Int` for integral numbers (so `3` renders as "3", not "3.0"), `Double` otherwise;
    /// `nil` for null, which Mustache treats as missing.
    var mustacheValue: Any? {
        switch self {
        case .string(let value): return value
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return Int(value) }
            return value
        case .bool(let value): return value
        case .array(let values): return values.compactMap(\.mustacheValue)
        case .object(let members): return members.compactMapValues(\.mustacheValue)
        case .null: return nil
        }
    }

    public var description: String {
        switch self {
        case .string(let value): return "\"\(value)\""
        case .number(let value):
            if let int = mustacheValue as? Int { return String(int) }
            return String(value)
        case .bool(let value): return String(value)
        case .array(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { "\"\($0)\": \(members[$0]!)" }.joined(separator: ", ") + "}"
        case .null: return "null"
        }
    }
}
