#if !FUZZING  // the fuzz targets compile PipelineBasics' sources into their own module
import PipelineBasics
#endif

extension PipelineValidator {
    /// The issue for a name holding a control character (ESC, NUL, a newline, a bidirectional
    /// override…), which would rewrite the terminal, split a log line or hide text; nil if none.
    static func controlCharacterIssue(in name: String, what: String, at location: SourceLocation?) -> Diagnostic? {
        guard let scalar = name.unicodeScalars.first(where: isControl) else { return nil }
        return Diagnostic(
            "\(what), \"\(escaped(name))\", contains the control character \(codePoint(scalar)); names are shown in logs and terminals: use printable characters only",
            at: location)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        }
    }

    /// The name with each control character written as a Swift escape (`\u{1B}`, `\n`, `\0`).
    static func escaped(_ name: String) -> String {
        String(name.unicodeScalars.flatMap { isControl($0) || $0 == "\\" || $0 == "\"" ? Array($0.escaped(asASCII: true).unicodeScalars) : [$0] }
            .map(Character.init))
    }

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let names: [UInt32: String] = [0x00: "NUL", 0x09: "TAB", 0x0A: "LF, a newline", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL"]
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + (names[scalar.value].map { " (\($0))" } ?? "")
    }
}
