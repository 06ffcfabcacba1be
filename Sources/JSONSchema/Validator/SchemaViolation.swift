import PipelineBasics

/// One reason an instance is invalid: the runner's ``Diagnostic`` plus the two locations JSON
/// Schema output formats name (``diagnostic(file:)`` gives the diagnostic).
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// JSON pointer to the failing value in the instance (`""` is the root).
    public var instanceLocation: String
    /// JSON pointer through the schema as evaluated, including `$ref` hops
    /// (e.g. `/properties/a/$ref/minimum`).
    public var keywordLocation: String
    /// The keyword's absolute location (schema URI + `#` + pointer), when the schema has one.
    public var absoluteKeywordLocation: String?
    /// What is wrong and what is expected.
    public var message: String
    /// Line/column of the failing value, when validated from a ``JSONDocument``.
    public var position: SourcePosition?

    public init(instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String?, message: String,
                position: SourcePosition? = nil) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.message = message
        self.position = position
    }

    /// The keyword that failed: the last token of ``keywordLocation`` (`minimum`, `required`).
    public var keyword: String {
        keywordLocation.split(separator: "/").last.map(String.init) ?? ""
    }

    /// The rule of a failed keyword: `schema.<keyword>` (`schema.required`).
    public var rule: Diagnostic.Rule {
        Diagnostic.Rule("schema.\(keyword.isEmpty ? "invalid" : keyword)", summary: "the value matches the schema's `\(keyword)` keyword")
    }

    /// The violation as an error in `file`: at the failing value, the message prefixed with the
    /// instance location, rule `schema.<keyword>`.
    public func diagnostic(file: String) -> Diagnostic {
        let at = instanceLocation.isEmpty ? "" : "\(instanceLocation): "
        return Diagnostic(message: at + message, file: file, position: position ?? .start, rule: rule, pointer: instanceLocation)
    }

    public var description: String {
        let at = position.map { "\($0.line):\($0.column): " } ?? ""
        let path = instanceLocation.isEmpty ? "(root)" : instanceLocation
        return "\(at)\(path): \(message) [schema \(keywordLocation)]"
    }
}
