/// A JSON value: step parameters and environment settings as the engine sees them.
public enum JSONValue: Codable, Sendable, Equatable, Hashable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    /// Read and written in the document's wire form (`PipelineSerialization.Value`), so the
    /// JSON shape of a value is defined once, for the document, the plans and the run records.
    public init(from decoder: any Decoder) throws {
        self.init(try PipelineSerialization.Value(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try PipelineSerialization.Value(self).encode(to: encoder)
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}
