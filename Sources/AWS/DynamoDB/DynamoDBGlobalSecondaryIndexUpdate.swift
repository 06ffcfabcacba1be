import Foundation

/// One change in `UpdateTable`'s `GlobalSecondaryIndexUpdates`. DynamoDB allows one create or
/// delete per call (throughput updates of several indexes may go together).
public enum DynamoDBGlobalSecondaryIndexUpdate: Encodable, Sendable, Equatable {
    case create(DynamoDBGlobalSecondaryIndex)
    case delete(indexName: String)
    /// New provisioned throughput of an existing index (`PROVISIONED` tables only).
    case update(indexName: String, provisionedThroughput: DynamoDBProvisionedThroughput)

    private enum Keys: String, CodingKey { case Create, Delete, Update }
    private struct DeleteBody: Encodable {
        var IndexName: String
    }
    private struct UpdateBody: Encodable {
        var IndexName: String
        var ProvisionedThroughput: DynamoDBProvisionedThroughput
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .create(let index): try container.encode(index, forKey: .Create)
        case .delete(let name): try container.encode(DeleteBody(IndexName: name), forKey: .Delete)
        case .update(let name, let throughput):
            try container.encode(UpdateBody(IndexName: name, ProvisionedThroughput: throughput), forKey: .Update)
        }
    }
}
