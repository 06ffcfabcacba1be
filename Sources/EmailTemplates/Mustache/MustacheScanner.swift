#if !FUZZING  // the fuzz target compiles PipelineBasics' sources into its own module
import PipelineBasics
#endif

/// Finds the Mustache tags of a text with their positions, and the problems swift-mustache
/// would reject without saying where they started: tags without `}}`, bad names, sections
/// closed by the wrong name or never closed. Only the standard `{{ }}` delimiters are
/// understood; a set-delimiter tag ends the scan with a problem.
struct MustacheScanner {
    struct Problem: Sendable {
        let offset: Int
        let rule: Diagnostic.Rule
        let message: String
    }

    struct Result: Sendable {
        let tags: [MustacheTag]
        let problems: [Problem]
        /// Scalar offset of each tag's start mapped to one past its end, for the HTML tokenizer.
        let tagEnds: [Int: Int]
    }

    /// The characters swift-mustache 2.1 accepts in a tag name (with transforms).
    static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*".unicodeScalars)
    static let partialNameCharacters = nameCharacters.union(["/"])

    static func scan(_ text: SourceText) -> Result {
        let scalars = text.scalars
        var tags: [MustacheTag] = []
        var problems: [Problem] = []
        var tagEnds: [Int: Int] = [:]
        var sections: [MustacheTag] = []
        var index = 0
        while index + 1 < scalars.count {
            guard scalars[index] == "{", scalars[index + 1] == "{" else { index += 1; continue }
            let start = index
            let triple = index + 2 < scalars.count && scalars[index + 2] == "{"
            let contentStart = start + (triple ? 3 : 2)
            let closer: [Unicode.Scalar] = triple ? ["}", "}", "}"] : ["}", "}"]
            guard let closeAt = find(closer, in: scalars, from: contentStart, stopAtOpen: true) else {
                problems.append(Problem(offset: start, rule: .mustacheSyntax,
                                        message: "Mustache tag opened with \(triple ? "{{{" : "{{") is never closed: add \(triple ? "}}}" : "}}")"))
                index = contentStart
                continue
            }
            let end = closeAt + closer.count
            var content = text.string(contentStart..<closeAt)
            var kind: MustacheTag.Kind = triple ? .unescapedVariable : .variable
            if !triple, let sigil = content.unicodeScalars.first {
                let sigils: [Unicode.Scalar: MustacheTag.Kind] = [
                    "#": .section, "^": .invertedSection, "/": .close, "!": .comment, ">": .partial,
                    "<": .parent, "$": .block, "=": .setDelimiter, "%": .pragma, "&": .unescapedVariable,
                ]
                if let found = sigils[sigil] {
                    kind = found
                    content.removeFirst()
                }
            }
            if kind == .setDelimiter, content.hasSuffix("=") { content.removeLast() }
            let expression = content.trimmingHTMLWhitespace()
            let tag = MustacheTag(kind: kind, expression: expression, range: start..<end)
            tagEnds[start] = end
            tags.append(tag)
            index = end
            switch kind {
            case .comment, .pragma:
                continue
            case .setDelimiter:
                problems.append(Problem(offset: start, rule: .setDelimiter,
                                        message: "\(tag.displayText) changes the Mustache delimiters; keep {{ }} so placeholders can be checked (the rest of the file was not scanned for placeholders)"))
                return Result(tags: tags, problems: problems, tagEnds: tagEnds)
            case .partial, .parent, .block:
                problems.append(Problem(offset: start, rule: .mustacheSyntax,
                                        message: "\(tag.displayText): partials and template inheritance are not supported; email templates are published as single self-contained files, so inline the content"))
                if kind != .partial { sections.append(tag) }
                continue
            default:
                break
            }
            if let problem = nameProblem(tag) {
                problems.append(Problem(offset: start, rule: .mustacheSyntax, message: problem))
                if kind == .section || kind == .invertedSection || kind == .close { continue }
            }
            switch kind {
            case .section, .invertedSection:
                sections.append(tag)
            case .close:
                if let open = sections.last, open.expression == tag.expression {
                    sections.removeLast()
                } else if let depth = sections.lastIndex(where: { $0.expression == tag.expression }) {
                    for unclosed in sections[(depth + 1)...] {
                        problems.append(Problem(offset: unclosed.start, rule: .mustacheSyntax,
                                                message: "section \(unclosed.displayText) is not closed before \(tag.displayText): add {{/\(unclosed.expression)}}"))
                    }
                    sections.removeSubrange(depth...)
                } else if let open = sections.popLast() {
                    // Taken as the (misspelt) close of the innermost section, so it is reported once.
                    problems.append(Problem(offset: start, rule: .mustacheSyntax,
                                            message: "\(tag.displayText) does not match the open section \(open.displayText) at \(text.location(of: open.start)): close it with {{/\(open.expression)}}"))
                } else {
                    problems.append(Problem(offset: start, rule: .mustacheSyntax,
                                            message: "\(tag.displayText) closes a section that was never opened: remove it or add {{#\(tag.expression)}}"))
                }
            default:
                break
            }
        }
        for unclosed in sections {
            problems.append(Problem(offset: unclosed.start, rule: .mustacheSyntax,
                                    message: "section \(unclosed.displayText) is never closed: add {{/\(unclosed.expression)}}"))
        }
        return Result(tags: tags, problems: problems, tagEnds: tagEnds)
    }

    /// What is wrong with a tag's name, if anything.
    private static func nameProblem(_ tag: MustacheTag) -> String? {
        let expression = tag.expression
        if expression.isEmpty {
            return "\(tag.displayText) has no name: write the variable name inside the braces"
        }
        if let bad = expression.unicodeScalars.first(where: { !nameCharacters.contains($0) }) {
            return "\(tag.displayText): '\(bad)' is not allowed in a Mustache name (use letters, digits, '_', '-', '.')"
        }
        let opens = expression.filter { $0 == "(" }.count
        let closes = expression.filter { $0 == ")" }.count
        if opens != closes || (opens > 0 && !expression.hasSuffix(")")) {
            return "\(tag.displayText): unbalanced parentheses in the transform call"
        }
        return nil
    }

    /// Index of the first `pattern` at or after `from`; nil if a new `{{` or the end comes first
    /// (when `stopAtOpen`), so one unclosed tag does not swallow the next.
    private static func find(_ pattern: [Unicode.Scalar], in scalars: [Unicode.Scalar], from: Int, stopAtOpen: Bool) -> Int? {
        var index = from
        while index + pattern.count <= scalars.count {
            if stopAtOpen, scalars[index] == "{", index + 1 < scalars.count, scalars[index + 1] == "{" { return nil }
            if scalars[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing HTML whitespace.
    func trimmingHTMLWhitespace() -> String {
        let scalars = Array(unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, scalars[start].isHTMLWhitespace { start += 1 }
        while end > start, scalars[end - 1].isHTMLWhitespace { end -= 1 }
        return String(scalars: scalars[start..<end])
    }
}
