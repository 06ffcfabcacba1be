#if !FUZZING  // the fuzz target compiles PipelineBasics' sources into its own module
import PipelineBasics
#endif

/// Why a JSON text could not be parsed, with the position of the problem.
public enum JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input ended while `expected` was still needed.
    case unexpectedEndOfInput(expected: String, at: SourcePosition)
    /// A character that cannot appear here.
    case unexpectedCharacter(found: String, expected: String, at: SourcePosition)
    /// A byte sequence that is not valid UTF-8.
    case invalidUTF8(at: SourcePosition)
    /// Arrays/objects nested deeper than the parser's limit.
    case nestingTooDeep(limit: Int, at: SourcePosition)
    /// A malformed number literal.
    case invalidNumber(String, at: SourcePosition)
    /// A malformed backslash escape in a string.
    case invalidEscape(String, at: SourcePosition)
    /// The input ended inside the string opened at `openedAt` (`at` is the end of the input).
    case unterminatedString(openedAt: SourcePosition, at: SourcePosition)
    /// A raw control character (U+0000–U+001F) inside a string.
    case controlCharacterInString(UInt8, at: SourcePosition)
    /// The same key twice in one object.
    case duplicateKey(String, at: SourcePosition, firstAt: SourcePosition)
    /// Content after the end of the top-level value.
    case trailingContent(at: SourcePosition)
    /// The input is larger than the parser supports (4 GiB).
    case inputTooLarge(bytes: Int)

    /// Where the problem is (line 1, column 1 for `inputTooLarge`).
    public var position: SourcePosition {
        switch self {
        case .unexpectedEndOfInput(_, let p), .unexpectedCharacter(_, _, let p), .invalidUTF8(let p),
            .nestingTooDeep(_, let p), .invalidNumber(_, let p), .invalidEscape(_, let p),
            .controlCharacterInString(_, let p), .duplicateKey(_, let p, _), .trailingContent(let p), .unterminatedString(_, let p):
            return p
        case .inputTooLarge:
            return .start
        }
    }

    /// The message without the position.
    public var message: String {
        switch self {
        case .unexpectedEndOfInput(let expected, _):
            return "unexpected end of input: expected \(expected)"
        case .unexpectedCharacter(let found, let expected, _):
            return "unexpected \(found): expected \(expected)"
        case .invalidUTF8:
            return "invalid UTF-8 byte sequence: the file must be encoded as UTF-8"
        case .nestingTooDeep(let limit, _):
            return "arrays/objects nested more than \(limit) levels deep: flatten the document"
        case .invalidNumber(let detail, _):
            return "invalid number: \(detail)"
        case .invalidEscape(let detail, _):
            return "invalid escape in string: \(detail)"
        case .unterminatedString(let open, _):
            return "unexpected end of input: expected '\"' to close the string opened at offset \(open.offset ?? 0)"
        case .controlCharacterInString(let byte, _):
            let hex = String(byte, radix: 16, uppercase: true)
            return "raw control character U+\(String(repeating: "0", count: 4 - hex.count))\(hex) in string: escape it (e.g. \\n, \\t, \\u00XX)"
        case .duplicateKey(let key, _, let first):
            return "duplicate key \"\(key)\" (first defined at line \(first.line), column \(first.column)): remove one of them"
        case .trailingContent:
            return "unexpected content after the end of the JSON value"
        case .inputTooLarge(let bytes):
            return "input of \(bytes) bytes is larger than the 4 GiB limit"
        }
    }

    public var description: String {
        "line \(position.line), column \(position.column): \(message)"
    }
}
