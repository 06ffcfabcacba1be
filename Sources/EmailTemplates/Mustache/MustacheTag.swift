/// One Mustache tag found in a text, with its scalar range.
struct MustacheTag: Sendable {
    enum Kind: Sendable, Equatable {
        case variable          // {{name}}
        case unescapedVariable // {{{name}}} or {{&name}}
        case section           // {{#name}}
        case invertedSection   // {{^name}}
        case close             // {{/name}}
        case comment           // {{! … }}
        case partial           // {{> name}}
        case parent            // {{< name}}
        case block             // {{$ name}}
        case setDelimiter      // {{=<% %>=}}
        case pragma            // {{% … }}
    }

    let kind: Kind
    /// The name as written, trimmed (for transforms like `upper(name)` the whole expression).
    let expression: String
    /// Scalar range of the whole tag, from `{{` to the last `}`.
    let range: Range<Int>

    var start: Int { range.lowerBound }

    /// The variable the tag reads: the innermost argument of a transform chain, e.g. `name` for
    /// `uppercased(name)`.
    var name: String {
        var name = Substring(expression)
        while let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            name = name[name.index(after: open)..<name.index(before: name.endIndex)]
        }
        return String(name)
    }

    /// The tag as written in the source, e.g. `{{#items}}`.
    var displayText: String {
        switch kind {
        case .variable: "{{\(expression)}}"
        case .unescapedVariable: "{{{\(expression)}}}"
        case .section: "{{#\(expression)}}"
        case .invertedSection: "{{^\(expression)}}"
        case .close: "{{/\(expression)}}"
        case .comment: "{{!…}}"
        case .partial: "{{>\(expression)}}"
        case .parent: "{{<\(expression)}}"
        case .block: "{{$\(expression)}}"
        case .setDelimiter: "{{=\(expression)=}}"
        case .pragma: "{{%\(expression)}}"
        }
    }
}
