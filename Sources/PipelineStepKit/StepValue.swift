import Foundation

/// A JSON value: a step's parameters, an environment's settings, a planned step's `desired`
/// state, a result's `desired` and `snapshot`.
///
/// Numbers are `Double`s (JSON has one number type); ``int`` reads an integral one.
public enum StepValue: Codable, Sendable, Equatable {
    case string(String), number(Double), bool(Bool), array([StepValue]), object([String: StepValue]), null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([StepValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: StepValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value):
            // Integral numbers are written without a fraction (`61`, not `61.0`).
            if value.rounded() == value, abs(value) < 9.0e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    public var string: String? { if case .string(let value) = self { value } else { nil } }
}
