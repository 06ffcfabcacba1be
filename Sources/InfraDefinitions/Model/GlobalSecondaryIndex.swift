/// A global secondary index.
public struct GlobalSecondaryIndex: Codable, Sendable, Equatable {
    public var indexName: String
    public var description: String?
    public var partitionKey: String
    public var sortKey: String?
    public var projection: Projection
    /// Only with `PROVISIONED` billing.
    public var provisionedThroughput: ProvisionedThroughput?

    public init(indexName: String, description: String? = nil, partitionKey: String, sortKey: String? = nil,
                projection: Projection, provisionedThroughput: ProvisionedThroughput? = nil) {
        self.indexName = indexName
        self.description = description
        self.partitionKey = partitionKey
        self.sortKey = sortKey
        self.projection = projection
        self.provisionedThroughput = provisionedThroughput
    }
}
