/// A JSON value that remembers where it starts in its file, so manifest errors can name a line
/// and column. Objects keep their members in file order, with each key's own offset.
struct JSONNode: Sendable {
    struct Member: Sendable {
        let key: String
        let keyOffset: Int
        let value: JSONNode
    }

    enum Kind: Sendable {
        case object([Member])
        case array([JSONNode])
        case string(String)
        case number(Double, text: String)
        case bool(Bool)
        case null
    }

    let kind: Kind
    /// Scalar offset of the value's first character.
    let offset: Int

    /// Human name of the JSON type, for error messages.
    var typeName: String {
        switch kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }

    var members: [Member]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    var elements: [JSONNode]? {
        if case .array(let elements) = kind { return elements }
        return nil
    }

    var stringValue: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = kind { return value }
        return nil
    }

    /// The member named `key`, if this is an object that has it.
    func member(_ key: String) -> Member? {
        members?.first { $0.key == key }
    }

    /// The value as a `TemplateValue`, dropping positions.
    var templateValue: TemplateValue {
        switch kind {
        case .object(let members):
            var object: [String: TemplateValue] = [:]
            for member in members { object[member.key] = member.value.templateValue }
            return .object(object)
        case .array(let elements): return .array(elements.map(\.templateValue))
        case .string(let value): return .string(value)
        case .number(let value, _): return .number(value)
        case .bool(let value): return .bool(value)
        case .null: return .null
        }
    }
}
