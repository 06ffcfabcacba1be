/// A strict RFC 8259 JSON parser over a `SourceText` that records each value's offset, so that
/// manifest problems can be reported at a line and column. It also reports duplicate keys,
/// which `JSONSerialization` silently merges.
struct JSONNodeParser {
    struct SyntaxError: Error, Sendable {
        let offset: Int
        let message: String
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0
    private(set) var duplicateKeys: [(key: String, offset: Int)] = []
    private static let maximumDepth = 256

    init(text: SourceText) {
        self.scalars = text.scalars
    }

    /// Parses the whole text as one JSON value.
    mutating func parseDocument() throws(SyntaxError) -> JSONNode {
        skipWhitespace()
        let node = try parseValue()
        skipWhitespace()
        guard index == scalars.count else {
            throw SyntaxError(offset: index, message: "unexpected \(describeCurrent()) after the end of the JSON value")
        }
        return node
    }

    private mutating func parseValue() throws(SyntaxError) -> JSONNode {
        guard index < scalars.count else {
            throw SyntaxError(offset: index, message: "unexpected end of file: expected a JSON value")
        }
        let start = index
        switch scalars[index] {
        case "{": return try parseObject()
        case "[": return try parseArray()
        case "\"": return JSONNode(kind: .string(try parseString()), offset: start)
        case "t": try expectLiteral("true"); return JSONNode(kind: .bool(true), offset: start)
        case "f": try expectLiteral("false"); return JSONNode(kind: .bool(false), offset: start)
        case "n": try expectLiteral("null"); return JSONNode(kind: .null, offset: start)
        case "-", "0"..."9": return try parseNumber()
        default:
            throw SyntaxError(offset: index, message: "unexpected \(describeCurrent()): expected a JSON value")
        }
    }

    private mutating func parseObject() throws(SyntaxError) -> JSONNode {
        let start = index
        try enterContainer()
        index += 1
        var members: [JSONNode.Member] = []
        var seen = Set<String>()
        skipWhitespace()
        if index < scalars.count, scalars[index] == "}" {
            index += 1
            depth -= 1
            return JSONNode(kind: .object(members), offset: start)
        }
        while true {
            skipWhitespace()
            guard index < scalars.count, scalars[index] == "\"" else {
                throw SyntaxError(offset: index, message: "unexpected \(describeCurrent()): expected a quoted object key")
            }
            let keyOffset = index
            let key = try parseString()
            if !seen.insert(key).inserted { duplicateKeys.append((key, keyOffset)) }
            skipWhitespace()
            guard index < scalars.count, scalars[index] == ":" else {
                throw SyntaxError(offset: index, message: "unexpected \(describeCurrent()): expected ':' after key \"\(key)\"")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONNode.Member(key: key, keyOffset: keyOffset, value: value))
            skipWhitespace()
            guard index < scalars.count else {
                throw SyntaxError(offset: index, message: "unexpected end of file: expected ',' or '}' to close the object opened here")
            }
            if scalars[index] == "," { index += 1; continue }
            if scalars[index] == "}" { index += 1; break }
            throw SyntaxError(offset: index, message: "unexpected \(describeCurrent()): expected ',' or '}' in object")
        }
        depth -= 1
        return JSONNode(kind: .object(members), offset: start)
    }

    private mutating func parseArray() throws(SyntaxError) -> JSONNode {
        let start = index
        try enterContainer()
        index += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if index < scalars.count, scalars[index] == "]" {
            index += 1
            depth -= 1
            return JSONNode(kind: .array(elements), offset: start)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < scalars.count else {
                throw SyntaxError(offset: index, message: "unexpected end of file: expected ',' or ']' to close the array")
            }
            if scalars[index] == "," { index += 1; continue }
            if scalars[index] == "]" { index += 1; break }
            throw SyntaxError(offset: index, message: "unexpected \(describeCurrent()): expected ',' or ']' in array")
        }
        depth -= 1
        return JSONNode(kind: .array(elements), offset: start)
    }

    private mutating func enterContainer() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw SyntaxError(offset: index, message: "JSON nested deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func parseString() throws(SyntaxError) -> String {
        let start = index
        index += 1
        var result: [Unicode.Scalar] = []
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\"":
                index += 1
                return String(scalars: result)
            case "\\":
                index += 1
                guard index < scalars.count else { break }
                let escape = scalars[index]
                index += 1
                switch escape {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "/": result.append("/")
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "u":
                    let high = try parseHex4()
                    if (0xD800...0xDBFF).contains(high) {
                        guard matches("\\u") else {
                            throw SyntaxError(offset: index, message: "lone high surrogate \\u\(hex(high)) in string")
                        }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else {
                            throw SyntaxError(offset: index - 6, message: "expected a low surrogate after \\u\(hex(high))")
                        }
                        result.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!)
                    } else if let decoded = Unicode.Scalar(high) {
                        result.append(decoded)
                    } else {
                        throw SyntaxError(offset: index - 6, message: "lone low surrogate \\u\(hex(high)) in string")
                    }
                default:
                    throw SyntaxError(offset: index - 2, message: "invalid escape '\\\(escape)' in string")
                }
            default:
                if scalar.value < 0x20 {
                    throw SyntaxError(offset: index, message: "control character U+\(hex(scalar.value)) in string: escape it (\\n, \\t, \\u00XX)")
                }
                result.append(scalar)
                index += 1
            }
        }
        throw SyntaxError(offset: start, message: "unterminated string: add the closing '\"'")
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < scalars.count, let digit = hexValue(scalars[index]) else {
                throw SyntaxError(offset: index, message: "expected 4 hexadecimal digits after \\u")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(SyntaxError) -> JSONNode {
        let start = index
        if scalars[index] == "-" { index += 1 }
        guard index < scalars.count, scalars[index].isASCIIDigit else {
            throw SyntaxError(offset: index, message: "expected a digit in number")
        }
        if scalars[index] == "0" {
            index += 1
            if index < scalars.count, scalars[index].isASCIIDigit {
                throw SyntaxError(offset: start, message: "numbers must not have leading zeros")
            }
        } else {
            while index < scalars.count, scalars[index].isASCIIDigit { index += 1 }
        }
        if index < scalars.count, scalars[index] == "." {
            index += 1
            guard index < scalars.count, scalars[index].isASCIIDigit else {
                throw SyntaxError(offset: index, message: "expected a digit after the decimal point")
            }
            while index < scalars.count, scalars[index].isASCIIDigit { index += 1 }
        }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
            index += 1
            if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
            guard index < scalars.count, scalars[index].isASCIIDigit else {
                throw SyntaxError(offset: index, message: "expected a digit in the exponent")
            }
            while index < scalars.count, scalars[index].isASCIIDigit { index += 1 }
        }
        let string = String(scalars: scalars[start..<index])
        return JSONNode(kind: .number(Double(string) ?? .nan, text: string), offset: start)
    }

    private mutating func expectLiteral(_ literal: String) throws(SyntaxError) {
        guard matches(literal) else {
            throw SyntaxError(offset: index, message: "unexpected \(describeCurrent()): expected a JSON value")
        }
        index += literal.unicodeScalars.count
    }

    private func matches(_ literal: String) -> Bool {
        var position = index
        for unit in literal.unicodeScalars {
            guard position < scalars.count, scalars[position] == unit else { return false }
            position += 1
        }
        return true
    }

    private mutating func skipWhitespace() {
        while index < scalars.count {
            switch scalars[index] {
            case " ", "\t", "\n", "\r": index += 1
            default: return
            }
        }
    }

    private func describeCurrent() -> String {
        guard index < scalars.count else { return "end of file" }
        let scalar = scalars[index]
        return scalar.value < 0x20 || scalar.value == 0x7F ? "character U+\(hex(scalar.value))" : "'\(scalar)'"
    }

    private func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 48...57: scalar.value - 48
        case 65...70: scalar.value - 55
        case 97...102: scalar.value - 87
        default: nil
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
