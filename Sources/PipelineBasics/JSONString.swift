/// JSON string literals (RFC 8259 §7), written one way by every module that writes JSON by hand:
/// the approval statement's canonical form, the JSON Schema validator's messages, and the secret
/// masker's JSON forms of a secret. `"` and `\` are escaped, control characters as `\n`, `\r`,
/// `\t` or `\u00xx` (lowercase hex); everything else stays as it is unless the style says.
///
/// The DSL (`PipelineDescription`) writes the pipeline document with its own copy on purpose (it
/// depends on nothing); its output is ``Style/standard``, which the loader's secret check relies on.
public enum JSONString {
    /// The choices encoders differ in, so a secret can be found in each encoder's output.
    public struct Style: Sendable, Hashable {
        /// `/` as `\/` (PHP's and some Java encoders' habit).
        public var escapesSlashes: Bool
        /// Every non-ASCII scalar as `\uXXXX`, as UTF-16 code units (Python's `ensure_ascii`).
        public var asciiOnly: Bool
        /// Backspace and form feed as `\b` and `\f` rather than `\u0008` and `\u000c`.
        public var shortBackspaceAndFormFeed: Bool

        public init(escapesSlashes: Bool = false, asciiOnly: Bool = false, shortBackspaceAndFormFeed: Bool = false) {
            self.escapesSlashes = escapesSlashes
            self.asciiOnly = asciiOnly
            self.shortBackspaceAndFormFeed = shortBackspaceAndFormFeed
        }

        /// Only what JSON requires escaped, controls other than `\n` `\r` `\t` as `\u00xx`.
        public static let standard = Style()
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String, style: Style = .standard) -> String {
        var out = "\""
        append(text, to: &out, style: style)
        out += "\""
        return out
    }

    /// `text` as the content of a JSON string literal, without the quotes.
    public static func escaped(_ text: String, style: Style = .standard) -> String {
        var out = ""
        append(text, to: &out, style: style)
        return out
    }

    /// Appends the content of `text`'s JSON string literal (no quotes) to `out`.
    public static func append(_ text: String, to out: inout String, style: Style = .standard) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}" where style.shortBackspaceAndFormFeed: out += "\\b"
            case "\u{0C}" where style.shortBackspaceAndFormFeed: out += "\\f"
            case "/" where style.escapesSlashes: out += "\\/"
            default:
                if scalar.value < 0x20 || (style.asciiOnly && scalar.value > 0x7E) {
                    for unit in String(scalar).utf16 { appendUnicodeEscape(unit, to: &out) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }

    private static func appendUnicodeEscape(_ unit: UInt16, to out: inout String) {
        let digits: [Unicode.Scalar] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
        out += "\\u"
        for shift in stride(from: 12, through: 0, by: -4) {
            out.unicodeScalars.append(digits[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }
}
