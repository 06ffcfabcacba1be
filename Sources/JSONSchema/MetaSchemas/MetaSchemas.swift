/// The meta-schemas built into the module (draft-07, draft 2020-12 and its vocabularies).
enum MetaSchemas {
    /// Parsed built-in documents keyed by URI (without fragment).
    static let documents: [String: JSONValue] = {
        var result: [String: JSONValue] = [:]
        for (uri, json) in draft7 + draft202012 {
            do {
                result[uri] = try JSONDocument(string: json).root
            } catch {
                preconditionFailure("built-in meta-schema \(uri) does not parse: \(error)")
            }
        }
        return result
    }()
}
