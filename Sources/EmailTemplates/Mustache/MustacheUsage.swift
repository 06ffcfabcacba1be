/// Resolves the placeholders of a template against the variables its manifest entry declares,
/// following Mustache's context stack: inside `{{#items}}` an array of objects puts its fields
/// in scope, an object its fields; booleans, scalars and inverted sections leave the scope as
/// it is. Reports placeholders that resolve to nothing and records which declarations are used.
struct MustacheUsage {
    struct Undeclared: Sendable {
        let offset: Int
        let message: String
    }

    private struct Scope {
        /// Fields in scope, nil for a transparent section (boolean, scalar, inverted, unknown).
        let fields: [TemplateVariable]?
        /// Path prefix of the fields, e.g. "items." inside {{#items}}.
        let prefix: String
    }

    private(set) var used: Set<String> = []
    private(set) var undeclared: [Undeclared] = []

    /// Analyses `tags` against `variables`, adding to what earlier calls found (so a template
    /// and its subject count together).
    mutating func analyze(_ tags: [MustacheTag], variables: [TemplateVariable], describing source: String) {
        var scopes = [Scope(fields: variables, prefix: "")]
        for tag in tags {
            switch tag.kind {
            case .variable, .unescapedVariable:
                _ = resolve(tag, in: scopes, source: source)
            case .section:
                let variable = resolve(tag, in: scopes, source: source)
                if let variable, variable.variable.type == .object || (variable.variable.type == .array && !variable.variable.fields.isEmpty) {
                    scopes.append(Scope(fields: variable.variable.fields, prefix: variable.path + "."))
                } else {
                    scopes.append(Scope(fields: nil, prefix: ""))
                }
            case .invertedSection:
                _ = resolve(tag, in: scopes, source: source)
                scopes.append(Scope(fields: nil, prefix: ""))
            case .close:
                if scopes.count > 1 { scopes.removeLast() }
            default:
                break
            }
        }
    }

    /// Declared variables (and fields of used objects) that no placeholder used.
    func unused(of variables: [TemplateVariable], prefix: String = "") -> [(path: String, variable: TemplateVariable)] {
        var result: [(String, TemplateVariable)] = []
        for variable in variables {
            let path = prefix + variable.name
            if !used.contains(path) {
                result.append((path, variable))
            } else if !variable.fields.isEmpty {
                result += unused(of: variable.fields, prefix: path + ".")
            }
        }
        return result
    }

    private mutating func resolve(_ tag: MustacheTag, in scopes: [Scope], source: String) -> (path: String, variable: TemplateVariable)? {
        let name = tag.name
        // Malformed names are reported as syntax problems; do not also call them undeclared.
        if name == "." || name.isEmpty || !name.unicodeScalars.allSatisfy(MustacheScanner.nameCharacters.contains) { return nil }
        var components = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var candidates = scopes.reversed().filter { $0.fields != nil }
        if components.first == "" {
            // `.name`: only the innermost context.
            components.removeFirst()
            candidates = Array(candidates.prefix(1))
        }
        guard let first = components.first, !first.isEmpty else { return nil }
        for scope in candidates {
            guard let variable = scope.fields?.first(where: { $0.name == first }) else { continue }
            var path = scope.prefix + variable.name
            var current = variable
            used.insert(path)
            for component in components.dropFirst() {
                guard let field = current.fields.first(where: { $0.name == component }), current.type == .object else {
                    undeclared.append(Undeclared(offset: tag.start, message:
                        "\(tag.displayText): \"\(path)\" has no declared field \"\(component)\"; declare it under \(path)'s fields in the manifest or fix the name"))
                    return nil
                }
                path += "." + component
                current = field
                used.insert(path)
            }
            return (path, current)
        }
        let visible = candidates.flatMap { $0.fields ?? [] }.map(\.name)
        var message = "\(tag.displayText) in \(source) uses \"\(first)\", which is not declared in its manifest entry: declare it under \"variables\", or fix the name"
        if let suggestion = Self.closest(to: first, among: visible) {
            message += " (did you mean \"\(suggestion)\"?)"
        }
        undeclared.append(Undeclared(offset: tag.start, message: message))
        return nil
    }

    /// The visible name within edit distance 2 of `name`, if any.
    static func closest(to name: String, among names: [String]) -> String? {
        names.map { ($0, editDistance(Array(name), Array($0))) }
            .filter { $0.1 <= 2 }
            .min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
