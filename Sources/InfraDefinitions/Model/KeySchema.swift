/// The table's primary key: a partition key and an optional sort key.
public struct KeySchema: Codable, Sendable, Equatable {
    public var partitionKey: String
    public var sortKey: String?

    public init(partitionKey: String, sortKey: String? = nil) {
        self.partitionKey = partitionKey
        self.sortKey = sortKey
    }
}
