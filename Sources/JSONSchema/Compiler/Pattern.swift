import Foundation

/// A compiled ECMA-262 regular expression (`pattern`, `patternProperties`).
///
/// Runs on Foundation's `NSRegularExpression` after translating the ECMA-only differences
/// (`\d`, `\w` and their negations are ASCII-only in ECMA-262). Pure literals skip the engine.
struct Pattern: Sendable {
    let source: String
    private let literal: String?
    private let regex: NSRegularExpression?

    init(_ source: String) throws {
        self.source = source
        let special = CharacterSet(charactersIn: "\\^$.|?*+()[]{}")
        if source.unicodeScalars.allSatisfy({ !special.contains($0) }) {
            literal = source
            regex = nil
        } else {
            literal = nil
            regex = try NSRegularExpression(pattern: Pattern.translate(source), options: [])
        }
    }

    /// True if the pattern matches anywhere in `string` (patterns are not anchored).
    func matches(_ string: String) -> Bool {
        if let literal { return literal.isEmpty || string.contains(literal) }
        guard let regex else { return false }
        let ns = string as NSString
        return regex.firstMatch(in: string, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }

    /// Rewrites ECMA-262 class escapes into their ICU equivalents.
    static func translate(_ source: String) -> String {
        var out = ""
        var inClass = false
        let chars = Array(source)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                let n = chars[i + 1]
                switch n {
                case "d": out += inClass ? "0-9" : "[0-9]"
                case "D": out += inClass ? "\\x{0}-/:-\\x{10FFFF}" : "[^0-9]"
                case "w": out += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": out += inClass ? "\\x{0}-/:-@\\[-^`{-\\x{10FFFF}" : "[^a-zA-Z0-9_]"
                case "s": out += inClass ? "\\s\\x{FEFF}" : "[\\s\\x{FEFF}]"
                case "S": out += inClass ? "\\S" : "[^\\s\\x{FEFF}]"
                default: out.append(c); out.append(n)
                }
                i += 2
                continue
            }
            if c == "[" && !inClass {
                // ECMA-262 empty classes: [] matches nothing, [^] matches anything.
                if i + 1 < chars.count, chars[i + 1] == "]" {
                    out += "(?!)"
                    i += 2
                    continue
                }
                if i + 2 < chars.count, chars[i + 1] == "^", chars[i + 2] == "]" {
                    out += "[\\s\\S]"
                    i += 3
                    continue
                }
                inClass = true
            } else if c == "]" && inClass {
                inClass = false
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// True if `source` is a valid ECMA-262 regex (as far as ICU and a few ECMA-only rules tell).
    static func isECMARegex(_ source: String) -> Bool {
        // Not ECMA-262: inline comments and global inline flags, the \a escape.
        for bad in ["(?#", "(?i", "(?m", "(?s", "(?x", "(?u", "\\a"] where source.contains(bad) { return false }
        return (try? Pattern(source)) != nil
    }
}
