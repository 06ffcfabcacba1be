/// A local secondary index: the table's partition key with another sort key.
public struct LocalSecondaryIndex: Codable, Sendable, Equatable {
    public var indexName: String
    public var description: String?
    public var sortKey: String
    public var projection: Projection

    public init(indexName: String, description: String? = nil, sortKey: String, projection: Projection) {
        self.indexName = indexName
        self.description = description
        self.sortKey = sortKey
        self.projection = projection
    }
}
