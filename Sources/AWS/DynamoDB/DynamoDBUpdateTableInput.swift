import Foundation

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
