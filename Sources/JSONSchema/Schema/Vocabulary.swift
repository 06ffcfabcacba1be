/// The draft 2020-12 vocabularies, as a set.
struct Vocabulary: OptionSet, Sendable, Hashable {
    let rawValue: UInt16

    static let core = Vocabulary(rawValue: 1 << 0)
    static let applicator = Vocabulary(rawValue: 1 << 1)
    static let unevaluated = Vocabulary(rawValue: 1 << 2)
    static let validation = Vocabulary(rawValue: 1 << 3)
    static let metaData = Vocabulary(rawValue: 1 << 4)
    static let formatAnnotation = Vocabulary(rawValue: 1 << 5)
    static let formatAssertion = Vocabulary(rawValue: 1 << 6)
    static let content = Vocabulary(rawValue: 1 << 7)

    /// What a schema without a custom meta-schema uses.
    static let standard: Vocabulary = [.core, .applicator, .unevaluated, .validation, .metaData, .formatAnnotation, .content]

    /// The vocabulary for a 2020-12 (or 2019-09) vocabulary URI.
    static func named(_ uri: String) -> Vocabulary? {
        let prefixes = ["https://json-schema.org/draft/2020-12/vocab/", "https://json-schema.org/draft/2019-09/vocab/"]
        guard let prefix = prefixes.first(where: { uri.hasPrefix($0) }) else { return nil }
        switch uri.dropFirst(prefix.count) {
        case "core": return .core
        case "applicator": return .applicator
        case "unevaluated": return .unevaluated
        case "validation": return .validation
        case "meta-data": return .metaData
        case "format-annotation", "format": return .formatAnnotation
        case "format-assertion": return .formatAssertion
        case "content": return .content
        default: return nil
        }
    }
}
