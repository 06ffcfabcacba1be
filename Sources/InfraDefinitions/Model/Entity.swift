/// A documented item type of a single-table design (informational).
public struct Entity: Codable, Sendable, Equatable {
    public var name: String
    public var description: String?
    public var partitionKeyPattern: String
    public var sortKeyPattern: String?
    public var attributes: [String]?

    public init(name: String, description: String? = nil, partitionKeyPattern: String, sortKeyPattern: String? = nil,
                attributes: [String]? = nil) {
        self.name = name
        self.description = description
        self.partitionKeyPattern = partitionKeyPattern
        self.sortKeyPattern = sortKeyPattern
        self.attributes = attributes
    }
}
