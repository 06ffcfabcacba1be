import Foundation

/// Turns a decoding error into a sentence naming the parameter (`parameter "tables.tenants.storageGB":
/// expected a number, found "lots"`).
enum StepParameterError {
    static func describe(_ error: any Error, root: String, in value: StepValue? = nil) -> String {
        guard let error = error as? DecodingError else { return "\(root)s: \(error)" }
        switch error {
        case .typeMismatch(let type, let context):
            let found = value.flatMap { find(context.codingPath, in: $0) }.map(brief) ?? "something else"
            return "\(root) \"\(path(context.codingPath))\": expected \(name(of: type)), found \(found)"
        case .valueNotFound(let type, let context):
            return "\(root) \"\(path(context.codingPath))\": expected \(name(of: type)), found null"
        case .keyNotFound(let key, let context):
            return "\(root) \"\(path(context.codingPath + [key]))\" is required but missing"
        case .dataCorrupted(let context) where context.codingPath.isEmpty && value != nil:
            // Foundation reports a number that does not fit its type (2.5 for an Int) without a path.
            let fractions = value.map { numbers(in: $0, path: []) } ?? []
            guard !fractions.isEmpty else { return "\(root)s: \(context.debugDescription)" }
            return fractions.map { "\(root) \"\($0.path)\": \($0.text) does not fit its type (a whole number is wanted?)" }.joined(separator: "; ")
        case .dataCorrupted(let context):
            let detail = context.underlyingError.map { "\($0)" } ?? context.debugDescription
            return context.codingPath.isEmpty ? "\(root)s: \(detail)" : "\(root) \"\(path(context.codingPath))\": \(detail)"
        @unknown default:
            return "\(root)s: \(error)"
        }
    }

    /// The numbers with a fraction or beyond Int's range, with their paths.
    static func numbers(in value: StepValue, path: [String]) -> [(path: String, text: String)] {
        switch value {
        case .number(let number) where number.rounded() != number || abs(number) >= 9.0e15:
            return [(path.joined(separator: "."), String(number))]
        case .object(let fields):
            return fields.keys.sorted().flatMap { numbers(in: fields[$0]!, path: path + [$0]) }
        case .array(let items):
            return items.enumerated().flatMap { numbers(in: $1, path: path.isEmpty ? ["[\($0)]"] : path.dropLast() + [path.last! + "[\($0)]"]) }
        default:
            return []
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text.isEmpty ? "(all)" : text
    }

    static func find(_ keys: [any CodingKey], in value: StepValue) -> StepValue? {
        var current: StepValue? = value
        for key in keys {
            current = key.intValue.flatMap { current?[$0] } ?? current?[key.stringValue]
        }
        return current
    }

    static func brief(_ value: StepValue) -> String {
        switch value {
        case .string(let text): "the string \"\(text.count > 40 ? text.prefix(40) + "…" : text)\""
        case .number(let number): "the number \(number.rounded() == number ? String(Int64(number)) : String(number))"
        case .bool(let flag): "\(flag)"
        case .array: "an array"
        case .object: "an object"
        case .null: "null"
        }
    }

    static func name(of type: Any.Type) -> String {
        let text = String(describing: type)
        switch text {
        case "Int", "Int64", "Int32", "UInt", "UInt64": return "an integer"
        case "Double", "Float", "Decimal": return "a number"
        case "String": return "a string"
        case "Bool": return "true or false"
        default:
            if text.hasPrefix("Array") || text.hasPrefix("[") && !text.contains(":") { return "an array" }
            if text.hasPrefix("Dictionary") || text.contains(":") { return "an object" }
            return "a value of type \(text)"
        }
    }
}
