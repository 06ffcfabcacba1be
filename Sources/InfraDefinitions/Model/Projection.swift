/// Which attributes an index copies.
public struct Projection: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case all = "ALL"
        case keysOnly = "KEYS_ONLY"
        case include = "INCLUDE"
    }

    public var type: Kind
    /// Only for `INCLUDE`.
    public var nonKeyAttributes: [String]?

    public init(type: Kind, nonKeyAttributes: [String]? = nil) {
        self.type = type
        self.nonKeyAttributes = nonKeyAttributes
    }
}
