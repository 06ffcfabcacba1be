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

/// One change in `UpdateTable`'s `ReplicaUpdates` (global tables version 2019.11.21): one per call.
public enum DynamoDBReplicaUpdate: Encodable, Sendable, Equatable {
    case create(regionName: String)
    case delete(regionName: String)

    private enum Keys: String, CodingKey { case Create, Delete }
    private struct Body: Encodable {
        var RegionName: String
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .create(let region): try container.encode(Body(RegionName: region), forKey: .Create)
        case .delete(let region): try container.encode(Body(RegionName: region), forKey: .Delete)
        }
    }
}

/// The body of `UpdateTable`. DynamoDB accepts one kind of change per call (billing/throughput,
/// one index creation or deletion, stream, replica, …): set one group of fields at a time.
public struct DynamoDBUpdateTableInput: Encodable, Sendable {
    public var tableName: String
    /// Definitions of the attributes a new index uses (send every key attribute the table will use).
    public var attributeDefinitions: [DynamoDBAttributeDefinition]?
    public var billingMode: String?
    public var provisionedThroughput: DynamoDBProvisionedThroughput?
    public var globalSecondaryIndexUpdates: [DynamoDBGlobalSecondaryIndexUpdate]?
    public var streamSpecification: DynamoDBStreamSpecification?
    public var sseSpecification: DynamoDBSSESpecification?
    public var deletionProtectionEnabled: Bool?
    public var tableClass: String?
    public var replicaUpdates: [DynamoDBReplicaUpdate]?

    public init(tableName: String, attributeDefinitions: [DynamoDBAttributeDefinition]? = nil, billingMode: String? = nil,
                provisionedThroughput: DynamoDBProvisionedThroughput? = nil,
                globalSecondaryIndexUpdates: [DynamoDBGlobalSecondaryIndexUpdate]? = nil,
                streamSpecification: DynamoDBStreamSpecification? = nil, sseSpecification: DynamoDBSSESpecification? = nil,
                deletionProtectionEnabled: Bool? = nil, tableClass: String? = nil, replicaUpdates: [DynamoDBReplicaUpdate]? = nil) {
        self.tableName = tableName
        self.attributeDefinitions = attributeDefinitions
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
        self.globalSecondaryIndexUpdates = globalSecondaryIndexUpdates
        self.streamSpecification = streamSpecification
        self.sseSpecification = sseSpecification
        self.deletionProtectionEnabled = deletionProtectionEnabled
        self.tableClass = tableClass
        self.replicaUpdates = replicaUpdates
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", attributeDefinitions = "AttributeDefinitions", billingMode = "BillingMode"
        case provisionedThroughput = "ProvisionedThroughput", globalSecondaryIndexUpdates = "GlobalSecondaryIndexUpdates"
        case streamSpecification = "StreamSpecification", sseSpecification = "SSESpecification"
        case deletionProtectionEnabled = "DeletionProtectionEnabled", tableClass = "TableClass", replicaUpdates = "ReplicaUpdates"
    }
}
