/// Why a schema could not be compiled. `location` is the absolute location of the schema
/// object that holds the problem (base URI + `#` + JSON pointer).
public enum SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `$ref`/`$dynamicRef` target that is not embedded and not in the registry.
    case unresolvableReference(String, at: String)
    /// A keyword whose value is not what the draft allows.
    case invalidKeyword(String, at: String, reason: String)
    /// A schema that is neither an object nor a boolean.
    case notASchema(at: String)
    /// A `pattern`/`patternProperties` regex that does not compile.
    case invalidRegex(String, at: String, reason: String)
    /// A `$schema` whose meta-schema is unknown or requires a vocabulary we do not implement.
    case unsupportedMetaSchema(String, at: String, reason: String)

    public var description: String {
        switch self {
        case .unresolvableReference(let ref, let at):
            return "schema \(at): cannot resolve reference \"\(ref)\": register the document in the SchemaRegistry or fix the URI"
        case .invalidKeyword(let keyword, let at, let reason):
            return "schema \(at): invalid \"\(keyword)\": \(reason)"
        case .notASchema(let at):
            return "schema \(at): a schema must be an object or a boolean"
        case .invalidRegex(let pattern, let at, let reason):
            return "schema \(at): invalid regular expression \"\(pattern)\": \(reason)"
        case .unsupportedMetaSchema(let uri, let at, let reason):
            return "schema \(at): unsupported meta-schema \"\(uri)\": \(reason)"
        }
    }
}
