/// One reason an instance is invalid.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
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

    public var description: String {
        let at = position.map { "\($0.line):\($0.column): " } ?? ""
        let path = instanceLocation.isEmpty ? "(root)" : instanceLocation
        return "\(at)\(path): \(message) [schema \(keywordLocation)]"
    }
}
