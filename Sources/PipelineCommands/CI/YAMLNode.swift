import Foundation

/// A YAML document built in order and written the same way every time, for the generated
/// workflow files (a byte-for-byte comparison is how `ci github --check` finds drift).
///
/// Only what workflows need: mappings keep their keys' order, strings are written plain when
/// YAML reads them back as the same string and single-quoted otherwise, multi-line strings as
/// literal blocks.
indirect enum YAMLNode: Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([YAMLNode])
    /// A list written on one line, `[a, b]`: only for short lists of plain strings.
    case inlineList([String])
    case map([(String, YAMLNode)])

    static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool { lhs.rendered(indent: 0) == rhs.rendered(indent: 0) }

    /// The document's text (ends with a newline).
    var text: String { rendered(indent: 0).joined(separator: "\n") + "\n" }

    private func rendered(indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .map(let entries):
            var lines: [String] = []
            for (key, value) in entries {
                let name = Self.scalar(key)
                switch value {
                case .map(let inner) where !inner.isEmpty:
                    lines.append("\(pad)\(name):")
                    lines += value.rendered(indent: indent + 2)
                case .list(let items) where !items.isEmpty:
                    lines.append("\(pad)\(name):")
                    lines += value.rendered(indent: indent + 2)
                case .string(let text) where text.contains("\n"):
                    lines.append("\(pad)\(name): |\(text.hasSuffix("\n") ? "" : "-")")
                    lines += text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0)
                        .map { $0.isEmpty ? "" : "\(pad)  \($0)" }
                default:
                    lines.append("\(pad)\(name): \(value.inline)")
                }
            }
            return lines
        case .list(let items):
            var lines: [String] = []
            for item in items {
                let inner = item.rendered(indent: indent + 2)
                guard let first = inner.first else { continue }
                switch item {
                case .map, .list:
                    lines.append("\(pad)- " + first.dropFirst(indent + 2))
                    lines += inner.dropFirst()
                default:
                    lines.append("\(pad)- \(item.inline)")
                }
            }
            return lines
        default:
            return ["\(pad)\(inline)"]
        }
    }

    private var inline: String {
        switch self {
        case .string(let text): Self.scalar(text)
        case .int(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .inlineList(let items): "[" + items.map { Self.scalar($0, inFlow: true) }.joined(separator: ", ") + "]"
        case .map(let entries) where entries.isEmpty: "{}"
        case .list(let items) where items.isEmpty: "[]"
        case .map, .list: ""
        }
    }

    /// `text` as a one-line YAML scalar that reads back as exactly `text`.
    static func scalar(_ text: String, inFlow: Bool = false) -> String {
        plain(text, inFlow: inFlow) ? text : "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Words YAML 1.1 and 1.2 read as something other than a string.
    private static let special: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"]

    private static func plain(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.first, let last = text.last, !text.contains(where: \.isNewline) else { return false }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) || first == " " || last == " " || last == ":" { return false }
        if text.contains(": ") || text.contains(" #") || text.contains("\t") { return false }
        // Inside a flow list a comma or bracket would end the item.
        if inFlow, text.contains(where: { ",[]{}".contains($0) }) { return false }
        if special.contains(text.lowercased()) { return false }
        if Double(text) != nil || text.allSatisfy({ $0.isNumber || $0 == "." || $0 == "_" || $0 == ":" }) { return false }
        return true
    }
}
