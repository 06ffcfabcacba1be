/// Documents that `$ref` may load, keyed by absolute URI. Never fetched from the network:
/// a reference to a URI that is neither registered nor embedded is a ``SchemaError``.
///
/// The draft-07 and draft 2020-12 meta-schemas (and 2020-12's vocabulary meta-schemas) are
/// always present.
public struct SchemaRegistry: Sendable {
    private var documents: [String: JSONValue]

    /// A registry holding only the built-in meta-schemas.
    public init() {
        documents = MetaSchemas.documents
    }

    /// Registers `schema` as the document retrieved from `uri` (fragment ignored).
    public mutating func register(_ schema: JSONValue, uri: String) {
        documents[SchemaRegistry.key(uri)] = schema
    }

    /// Parses and registers a JSON text.
    public mutating func register(json: String, uri: String) throws(JSONParseError) {
        register(try JSONDocument(string: json).root, uri: uri)
    }

    /// The document registered for `uri`, if any.
    public func document(for uri: String) -> JSONValue? {
        documents[SchemaRegistry.key(uri)]
    }

    /// All registered URIs.
    public var uris: [String] { Array(documents.keys) }

    static func key(_ uri: String) -> String {
        if let hash = uri.firstIndex(of: "#") { return String(uri[..<hash]) }
        return uri
    }
}
