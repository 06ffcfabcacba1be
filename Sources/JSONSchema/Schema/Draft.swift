/// The JSON Schema dialects the validator implements.
public enum Draft: String, Sendable, CaseIterable {
    case draft7 = "draft-07"
    case draft2020_12 = "draft2020-12"

    /// The meta-schema URI of the draft.
    public var metaSchemaURI: String {
        switch self {
        case .draft7: return "http://json-schema.org/draft-07/schema#"
        case .draft2020_12: return "https://json-schema.org/draft/2020-12/schema"
        }
    }

    /// The draft of a well-known `$schema` URI (older drafts map to draft-07 semantics,
    /// 2019-09 to 2020-12 semantics), or `nil` for an unknown URI.
    static func known(_ uri: String) -> Draft? {
        var u = uri
        if u.hasSuffix("#") { u.removeLast() }
        switch u {
        case "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft-07/schema",
            "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-04/schema":
            return .draft7
        case "https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema":
            return .draft2020_12
        default:
            return nil
        }
    }
}
