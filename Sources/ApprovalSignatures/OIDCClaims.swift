import Foundation
import JWTKit

/// A token's claims as decoded JSON values, so any configured identity claim can be read.
/// `verify(using:)` checks nothing: `OIDCIdentityVerifier` checks the claims itself, against the
/// verification time it is given.
struct OIDCClaims: JWTPayload {
    enum Value: Sendable, Equatable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case array([Value])
        case other
    }

    var values: [String: Value]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var values: [String: Value] = [:]
        for key in container.allKeys {
            values[key.stringValue] = Self.decodeValue(container, key)
        }
        self.values = values
    }

    private static func decodeValue(_ container: KeyedDecodingContainer<Key>, _ key: Key) -> Value {
        if let text = try? container.decode(String.self, forKey: key) { return .string(text) }
        if let flag = try? container.decode(Bool.self, forKey: key) { return .bool(flag) }
        if let number = try? container.decode(Double.self, forKey: key) { return .number(number) }
        if let list = try? container.decode([String].self, forKey: key) { return .array(list.map(Value.string)) }
        return .other
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in values {
            switch value {
            case .string(let text): try container.encode(text, forKey: Key(stringValue: name))
            case .number(let number): try container.encode(number, forKey: Key(stringValue: name))
            case .bool(let flag): try container.encode(flag, forKey: Key(stringValue: name))
            case .array(let list):
                try container.encode(list.compactMap { if case .string(let text) = $0 { text } else { nil } }, forKey: Key(stringValue: name))
            case .other: break
            }
        }
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    func string(_ name: String) -> String? {
        if case .string(let text)? = values[name] { return text }
        return nil
    }

    func date(_ name: String) -> Date? {
        if case .number(let seconds)? = values[name] { return Date(timeIntervalSince1970: seconds) }
        return nil
    }

    /// `aud` as a list: a single string or an array of strings.
    var audiences: [String] {
        switch values["aud"] {
        case .string(let text)?: [text]
        case .array(let list)?: list.compactMap { if case .string(let text) = $0 { text } else { nil } }
        default: []
        }
    }
}
