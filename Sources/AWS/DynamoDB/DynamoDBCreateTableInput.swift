import Foundation

/// The body of `CreateTable`: keys, indexes, billing, stream, encryption, protection and tags in one call.
public struct DynamoDBCreateTableInput: Encodable, Sendable {
    public var tableName: String
    public var attributeDefinitions: [DynamoDBAttributeDefinition]
    public var keySchema: [DynamoDBKeySchemaElement]
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    public var billingMode: String?
    public var provisionedThroughput: DynamoDBProvisionedThroughput?
    public var globalSecondaryIndexes: [DynamoDBGlobalSecondaryIndex]?
    public var localSecondaryIndexes: [DynamoDBLocalSecondaryIndex]?
    public var streamSpecification: DynamoDBStreamSpecification?
    public var sseSpecification: DynamoDBSSESpecification?
    public var tags: [DynamoDBTag]?
    public var deletionProtectionEnabled: Bool?
    /// `STANDARD` or `STANDARD_INFREQUENT_ACCESS`; nil leaves DynamoDB's default (`STANDARD`).
    public var tableClass: String?

    public init(tableName: String, attributeDefinitions: [DynamoDBAttributeDefinition], keySchema: [DynamoDBKeySchemaElement],
                billingMode: String? = "PAY_PER_REQUEST", provisionedThroughput: DynamoDBProvisionedThroughput? = nil,
                globalSecondaryIndexes: [DynamoDBGlobalSecondaryIndex]? = nil, localSecondaryIndexes: [DynamoDBLocalSecondaryIndex]? = nil,
                streamSpecification: DynamoDBStreamSpecification? = nil, sseSpecification: DynamoDBSSESpecification? = nil,
                tags: [DynamoDBTag]? = nil, deletionProtectionEnabled: Bool? = nil, tableClass: String? = nil) {
        self.tableName = tableName
        self.attributeDefinitions = attributeDefinitions
        self.keySchema = keySchema
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.localSecondaryIndexes = localSecondaryIndexes
        self.streamSpecification = streamSpecification
        self.sseSpecification = sseSpecification
        self.tags = tags
        self.deletionProtectionEnabled = deletionProtectionEnabled
        self.tableClass = tableClass
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", attributeDefinitions = "AttributeDefinitions", keySchema = "KeySchema"
        case billingMode = "BillingMode", provisionedThroughput = "ProvisionedThroughput"
        case globalSecondaryIndexes = "GlobalSecondaryIndexes", localSecondaryIndexes = "LocalSecondaryIndexes"
        case streamSpecification = "StreamSpecification", sseSpecification = "SSESpecification"
        case tags = "Tags", deletionProtectionEnabled = "DeletionProtectionEnabled", tableClass = "TableClass"
    }
}
