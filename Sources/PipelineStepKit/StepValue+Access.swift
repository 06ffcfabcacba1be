import Foundation

extension StepValue {
    /// The number, when this is one.
    public var double: Double? { if case .number(let value) = self { value } else { nil } }

    /// The number, when this is an integral one.
    public var int: Int? {
        guard case .number(let value) = self, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }

    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    public var array: [StepValue]? { if case .array(let value) = self { value } else { nil } }
    public var object: [String: StepValue]? { if case .object(let value) = self { value } else { nil } }
    public var isNull: Bool { self == .null }

    /// The member `key` of an object (nil for anything else, or when absent).
    public subscript(key: String) -> StepValue? { object?[key] }

    /// The element at `index` of an array (nil for anything else, or out of range).
    public subscript(index: Int) -> StepValue? {
        guard let array, array.indices.contains(index) else { return nil }
        return array[index]
    }

    /// Encodes `value` as JSON and reads it back as a value.
    public init(encoding value: some Encodable) throws {
        self = try JSONDecoder().decode(StepValue.self, from: try JSONEncoder().encode(value))
    }

    /// Parses a JSON document.
    public init(json data: Data) throws {
        self = try JSONDecoder().decode(StepValue.self, from: data)
    }

    /// Parses a JSON document given as text.
    public init(json text: String) throws {
        try self.init(json: Data(text.utf8))
    }

    /// Decodes this value as `type` (e.g. a built-in step's `desired` state as a team's struct).
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(type, from: jsonData())
    }

    /// The value as compact JSON with sorted keys.
    public func jsonData(pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension StepValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: StepValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, StepValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
