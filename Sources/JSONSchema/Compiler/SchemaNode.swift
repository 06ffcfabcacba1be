/// One compiled schema object or boolean schema (a class: evaluation passes it around
/// with one retain instead of copying its fields).
final class SchemaNode: Sendable {
    /// `true`/`false` for boolean schemas, `nil` for objects.
    let boolean: Bool?
    /// Keywords in evaluation order (`unevaluated*` last).
    let keywords: [Keyword]
    /// The schema resource (dynamic scope entry) the node belongs to.
    let resource: Int
    /// Absolute location: base URI + `#` + JSON pointer inside the resource.
    let location: String
    /// True if the node has `unevaluatedProperties`/`unevaluatedItems`.
    let needsAnnotations: Bool

    init(boolean: Bool?, keywords: [Keyword], resource: Int, location: String, needsAnnotations: Bool) {
        self.boolean = boolean
        self.keywords = keywords
        self.resource = resource
        self.location = location
        self.needsAnnotations = needsAnnotations
    }
}
