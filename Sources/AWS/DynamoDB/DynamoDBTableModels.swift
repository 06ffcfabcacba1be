import Foundation

// Table-level request and response shapes of DynamoDB (JSON 1.0, PascalCase on the wire).

public struct AttributeDefinition: Codable, Sendable, Equatable {
    public var attributeName: String
    /// `S`, `N` or `B`.
    public var attributeType: String
    public init(_ name: String, _ type: String) { attributeName = name; attributeType = type }
    enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", attributeType = "AttributeType" }
}

public struct KeySchemaElement: Codable, Sendable, Equatable {
    public var attributeName: String
    /// `HASH` or `RANGE`.
    public var keyType: String
    public init(_ name: String, _ type: String) { attributeName = name; keyType = type }
    public static func hash(_ name: String) -> KeySchemaElement { KeySchemaElement(name, "HASH") }
    public static func range(_ name: String) -> KeySchemaElement { KeySchemaElement(name, "RANGE") }
    enum CodingKeys: String, CodingKey { case attributeName = "AttributeName", keyType = "KeyType" }
}

public struct Projection: Codable, Sendable, Equatable {
    /// `ALL`, `KEYS_ONLY` or `INCLUDE`.
    public var projectionType: String
    public var nonKeyAttributes: [String]?
    public init(_ type: String = "ALL", nonKeyAttributes: [String]? = nil) {
        projectionType = type
        self.nonKeyAttributes = nonKeyAttributes
    }
    enum CodingKeys: String, CodingKey { case projectionType = "ProjectionType", nonKeyAttributes = "NonKeyAttributes" }
}

public struct ProvisionedThroughput: Codable, Sendable, Equatable {
    public var readCapacityUnits: Int
    public var writeCapacityUnits: Int
    public init(read: Int, write: Int) { readCapacityUnits = read; writeCapacityUnits = write }
    enum CodingKeys: String, CodingKey { case readCapacityUnits = "ReadCapacityUnits", writeCapacityUnits = "WriteCapacityUnits" }
}

public struct GlobalSecondaryIndex: Codable, Sendable, Equatable {
    public var indexName: String
    public var keySchema: [KeySchemaElement]
    public var projection: Projection
    public var provisionedThroughput: ProvisionedThroughput?
    public init(name: String, keySchema: [KeySchemaElement], projection: Projection = Projection(),
                provisionedThroughput: ProvisionedThroughput? = nil) {
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

public struct StreamSpecification: Codable, Sendable, Equatable {
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

public struct CreateTableInput: Encodable, Sendable {
    public var tableName: String
    public var attributeDefinitions: [AttributeDefinition]
    public var keySchema: [KeySchemaElement]
    /// `PAY_PER_REQUEST` or `PROVISIONED`.
    public var billingMode: String?
    public var provisionedThroughput: ProvisionedThroughput?
    public var globalSecondaryIndexes: [GlobalSecondaryIndex]?
    public var streamSpecification: StreamSpecification?
    public var tags: [DynamoDBTag]?
    public var deletionProtectionEnabled: Bool?

    public init(tableName: String, attributeDefinitions: [AttributeDefinition], keySchema: [KeySchemaElement],
                billingMode: String? = "PAY_PER_REQUEST", provisionedThroughput: ProvisionedThroughput? = nil,
                globalSecondaryIndexes: [GlobalSecondaryIndex]? = nil, streamSpecification: StreamSpecification? = nil,
                tags: [DynamoDBTag]? = nil, deletionProtectionEnabled: Bool? = nil) {
        self.tableName = tableName
        self.attributeDefinitions = attributeDefinitions
        self.keySchema = keySchema
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.streamSpecification = streamSpecification
        self.tags = tags
        self.deletionProtectionEnabled = deletionProtectionEnabled
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", attributeDefinitions = "AttributeDefinitions", keySchema = "KeySchema"
        case billingMode = "BillingMode", provisionedThroughput = "ProvisionedThroughput"
        case globalSecondaryIndexes = "GlobalSecondaryIndexes", streamSpecification = "StreamSpecification"
        case tags = "Tags", deletionProtectionEnabled = "DeletionProtectionEnabled"
    }
}

/// One change in `UpdateTable`'s `GlobalSecondaryIndexUpdates` (DynamoDB allows one create or delete per call).
public enum GlobalSecondaryIndexUpdate: Encodable, Sendable, Equatable {
    case create(GlobalSecondaryIndex)
    case delete(indexName: String)

    private enum Keys: String, CodingKey { case Create, Delete }
    private struct DeleteBody: Encodable {
        var IndexName: String
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .create(let index): try container.encode(index, forKey: .Create)
        case .delete(let name): try container.encode(DeleteBody(IndexName: name), forKey: .Delete)
        }
    }
}

public struct UpdateTableInput: Encodable, Sendable {
    public var tableName: String
    public var attributeDefinitions: [AttributeDefinition]?
    public var billingMode: String?
    public var provisionedThroughput: ProvisionedThroughput?
    public var globalSecondaryIndexUpdates: [GlobalSecondaryIndexUpdate]?
    public var streamSpecification: StreamSpecification?
    public var deletionProtectionEnabled: Bool?

    public init(tableName: String, attributeDefinitions: [AttributeDefinition]? = nil, billingMode: String? = nil,
                provisionedThroughput: ProvisionedThroughput? = nil, globalSecondaryIndexUpdates: [GlobalSecondaryIndexUpdate]? = nil,
                streamSpecification: StreamSpecification? = nil, deletionProtectionEnabled: Bool? = nil) {
        self.tableName = tableName
        self.attributeDefinitions = attributeDefinitions
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
        self.globalSecondaryIndexUpdates = globalSecondaryIndexUpdates
        self.streamSpecification = streamSpecification
        self.deletionProtectionEnabled = deletionProtectionEnabled
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", attributeDefinitions = "AttributeDefinitions", billingMode = "BillingMode"
        case provisionedThroughput = "ProvisionedThroughput", globalSecondaryIndexUpdates = "GlobalSecondaryIndexUpdates"
        case streamSpecification = "StreamSpecification", deletionProtectionEnabled = "DeletionProtectionEnabled"
    }
}

public struct GlobalSecondaryIndexDescription: Decodable, Sendable, Equatable {
    public var indexName: String
    /// `CREATING`, `UPDATING`, `DELETING`, `ACTIVE`.
    public var indexStatus: String?
    public var keySchema: [KeySchemaElement]?
    public var projection: Projection?
    public var backfilling: Bool?
    enum CodingKeys: String, CodingKey {
        case indexName = "IndexName", indexStatus = "IndexStatus", keySchema = "KeySchema", projection = "Projection"
        case backfilling = "Backfilling"
    }
}

public struct TableDescription: Decodable, Sendable, Equatable {
    public struct BillingModeSummary: Decodable, Sendable, Equatable {
        public var billingMode: String?
        enum CodingKeys: String, CodingKey { case billingMode = "BillingMode" }
    }

    public var tableName: String
    public var tableARN: String?
    /// `CREATING`, `UPDATING`, `DELETING`, `ACTIVE`, …
    public var tableStatus: String?
    public var keySchema: [KeySchemaElement]?
    public var attributeDefinitions: [AttributeDefinition]?
    public var billingModeSummary: BillingModeSummary?
    public var globalSecondaryIndexes: [GlobalSecondaryIndexDescription]?
    public var streamSpecification: StreamSpecification?
    public var latestStreamARN: String?
    public var deletionProtectionEnabled: Bool?
    public var itemCount: Int?

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", tableARN = "TableArn", tableStatus = "TableStatus", keySchema = "KeySchema"
        case attributeDefinitions = "AttributeDefinitions", billingModeSummary = "BillingModeSummary"
        case globalSecondaryIndexes = "GlobalSecondaryIndexes", streamSpecification = "StreamSpecification"
        case latestStreamARN = "LatestStreamArn", deletionProtectionEnabled = "DeletionProtectionEnabled"
        case itemCount = "ItemCount"
    }

    /// `PAY_PER_REQUEST` or `PROVISIONED` (DynamoDB omits the summary for provisioned tables created long ago).
    public var billingMode: String { billingModeSummary?.billingMode ?? "PROVISIONED" }
}

public struct TimeToLiveDescription: Decodable, Sendable, Equatable {
    /// `ENABLING`, `DISABLING`, `ENABLED`, `DISABLED`.
    public var timeToLiveStatus: String?
    public var attributeName: String?
    enum CodingKeys: String, CodingKey { case timeToLiveStatus = "TimeToLiveStatus", attributeName = "AttributeName" }
}

public struct ContinuousBackupsDescription: Decodable, Sendable, Equatable {
    public struct PointInTimeRecovery: Decodable, Sendable, Equatable {
        /// `ENABLED` or `DISABLED`.
        public var pointInTimeRecoveryStatus: String?
        enum CodingKeys: String, CodingKey { case pointInTimeRecoveryStatus = "PointInTimeRecoveryStatus" }
    }
    public var continuousBackupsStatus: String?
    public var pointInTimeRecoveryDescription: PointInTimeRecovery?
    enum CodingKeys: String, CodingKey {
        case continuousBackupsStatus = "ContinuousBackupsStatus"
        case pointInTimeRecoveryDescription = "PointInTimeRecoveryDescription"
    }

    public var pointInTimeRecoveryEnabled: Bool { pointInTimeRecoveryDescription?.pointInTimeRecoveryStatus == "ENABLED" }
}
