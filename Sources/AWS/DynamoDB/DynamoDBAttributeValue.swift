import Foundation

/// A DynamoDB attribute value, as the JSON protocol writes it (`{"S": "x"}`, `{"N": "1"}` …).
public indirect enum DynamoDBAttributeValue: Sendable, Hashable, Codable {
    case s(String)
    /// A number, kept as its decimal text (DynamoDB numbers have 38 digits of precision).
    case n(String)
    case b(Data)
    case bool(Bool)
    case null
    case m([String: DynamoDBAttributeValue])
    case l([DynamoDBAttributeValue])
    case ss([String])
    case ns([String])
    case bs([Data])

    private enum Key: String, CodingKey {
        case S, N, B, BOOL, NULL, M, L, SS, NS, BS
    }

    public struct DecodingError: Error, CustomStringConvertible {
        public var keys: [String]
        public var description: String {
            "DynamoDB attribute value must have exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS; found \(keys)"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError(keys: container.allKeys.map(\.stringValue))
        }
        switch key {
        case .S: self = .s(try container.decode(String.self, forKey: key))
        case .N: self = .n(try container.decode(String.self, forKey: key))
        case .B: self = .b(try container.decode(Data.self, forKey: key))
        case .BOOL: self = .bool(try container.decode(Bool.self, forKey: key))
        case .NULL: self = .null
        case .M: self = .m(try container.decode([String: DynamoDBAttributeValue].self, forKey: key))
        case .L: self = .l(try container.decode([DynamoDBAttributeValue].self, forKey: key))
        case .SS: self = .ss(try container.decode([String].self, forKey: key))
        case .NS: self = .ns(try container.decode([String].self, forKey: key))
        case .BS: self = .bs(try container.decode([Data].self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .s(let value): try container.encode(value, forKey: .S)
        case .n(let value): try container.encode(value, forKey: .N)
        case .b(let value): try container.encode(value, forKey: .B)
        case .bool(let value): try container.encode(value, forKey: .BOOL)
        case .null: try container.encode(true, forKey: .NULL)
        case .m(let value): try container.encode(value, forKey: .M)
        case .l(let value): try container.encode(value, forKey: .L)
        case .ss(let value): try container.encode(value, forKey: .SS)
        case .ns(let value): try container.encode(value, forKey: .NS)
        case .bs(let value): try container.encode(value, forKey: .BS)
        }
    }

    /// A number from an integer.
    public static func number(_ value: Int) -> DynamoDBAttributeValue { .n(String(value)) }

    public var stringValue: String? { if case .s(let value) = self { value } else { nil } }
    public var numberValue: String? { if case .n(let value) = self { value } else { nil } }
    public var intValue: Int? { numberValue.flatMap { Int($0) } }
    public var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }
    public var mapValue: [String: DynamoDBAttributeValue]? { if case .m(let value) = self { value } else { nil } }
    public var listValue: [DynamoDBAttributeValue]? { if case .l(let value) = self { value } else { nil } }
}

extension DynamoDBAttributeValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .s(value) }
    public init(integerLiteral value: Int) { self = .n(String(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// An item: attribute name to value.
public typealias DynamoDBItem = [String: DynamoDBAttributeValue]
