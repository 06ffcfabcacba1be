import Foundation

// Table-level request and response shapes of DynamoDB (JSON 1.0, PascalCase on the wire).

public struct DynamoDBAttributeDefinition: Codable, Sendable, Equatable {
    public var attributeName: String
    /// `S`, `N` or `B`.
    public var attributeType: String
    public init(_ name: String, _ type: String) { attributeName = name; attributeType = type }
    enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", attributeType = "AttributeType" }
}

public struct DynamoDBKeySchemaElement: Codable, Sendable, Equatable {
    public var attributeName: String
    /// `HASH` or `RANGE`.
    public var keyType: String
    public init(_ name: String, _ type: String) { attributeName = name; keyType = type }
    public static func hash(_ name: String) -> DynamoDBKeySchemaElement { DynamoDBKeySchemaElement(name, "HASH") }
    public static func range(_ name: String) -> DynamoDBKeySchemaElement { DynamoDBKeySchemaElement(name, "RANGE") }
    enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", keyType = "KeyType" }
}

public struct DynamoDBProjection: Codable, Sendable, Equatable {
    /// `ALL`, `KEYS_ONLY` or `INCLUDE`.
    public var projectionType: String
    public var nonKeyAttributes: [String]?
    public init(_ type: String = "ALL", nonKeyAttributes: [String]? = nil) {
        projectionType = type
        self.nonKeyAttributes = nonKeyAttributes
    }
    enum CodingKeys: String, CodingKey { case projectionType = "ProjectionType", nonKeyAttributes = "NonKeyAttributes" }
}

public struct DynamoDBProvisionedThroughput: Codable, Sendable, Equatable {
    public var readCapacityUnits: Int
    public var writeCapacityUnits: Int
    public init(read: Int, write: Int) { readCapacityUnits = read; writeCapacityUnits = write }
    enum CodingKeys: String, CodingKey { case readCapacityUnits = "ReadCapacityUnits", writeCapacityUnits = "WriteCapacityUnits" }
}

public struct DynamoDBGlobalSecondaryIndex: Codable, Sendable, Equatable {
    public var indexName: String
    public var keySchema: [DynamoDBKeySchemaElement]
    public var projection: DynamoDBProjection
    public var provisionedThroughput: DynamoDBProvisionedThroughput?
    public init(name: String, keySchema: [DynamoDBKeySchemaElement], projection: DynamoDBProjection = DynamoDBProjection(),
                provisionedThroughput: DynamoDBProvisionedThroughput? = nil) {
        indexName = name
        self.keySchema = keySchema
        self.projection = projection
        self.provisionedThroughput = provisionedThroughput
    }
    enum CodingKeys: String, CodingKey {
        case indexName = "IndexName", keySchema = "KeySchema", projection = "Projection"
        case provisionedThroughput = "ProvisionedThroughput"
    }
}

public struct DynamoDBStreamSpecification: Codable, Sendable, Equatable {
    public var streamEnabled: Bool
    /// `NEW_IMAGE`, `OLD_IMAGE`, `NEW_AND_OLD_IMAGES`, `KEYS_ONLY`.
    public var streamViewType: String?
    public init(enabled: Bool, viewType: String? = nil) { streamEnabled = enabled; streamViewType = viewType }
    enum CodingKeys: String, CodingKey { case streamEnabled = "StreamEnabled", streamViewType = "StreamViewType" }
}

public struct DynamoDBTag: Codable, Sendable, Hashable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

/// A local secondary index: the table's partition key with another sort key; set at creation only.
public struct DynamoDBLocalSecondaryIndex: Codable, Sendable, Equatable {
    public var indexName: String
    public var keySchema: [DynamoDBKeySchemaElement]
    public var projection: DynamoDBProjection
    public init(name: String, keySchema: [DynamoDBKeySchemaElement], projection: DynamoDBProjection = DynamoDBProjection()) {
        indexName = name
        self.keySchema = keySchema
        self.projection = projection
    }
    enum CodingKeys: String, CodingKey { case indexName = "IndexName", keySchema = "KeySchema", projection = "Projection" }
}

/// Server-side encryption of a table: `enabled: false` (or no specification) is DynamoDB's
/// default AWS-owned key; `enabled: true` is KMS, with the AWS-managed key unless `kmsMasterKeyID` is set.
public struct DynamoDBSSESpecification: Codable, Sendable, Equatable {
    public var enabled: Bool
    /// `KMS` (the only type DynamoDB accepts when enabled).
    public var sseType: String?
    public var kmsMasterKeyID: String?
    public init(enabled: Bool, sseType: String? = nil, kmsMasterKeyID: String? = nil) {
        self.enabled = enabled
        self.sseType = sseType
        self.kmsMasterKeyID = kmsMasterKeyID
    }
    enum CodingKeys: String, CodingKey { case enabled = "Enabled", sseType = "SSEType", kmsMasterKeyID = "KMSMasterKeyId" }
}
