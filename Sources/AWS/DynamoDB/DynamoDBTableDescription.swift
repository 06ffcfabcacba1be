import Foundation

/// A global secondary index as `DescribeTable` reports it.
public struct DynamoDBGlobalSecondaryIndexDescription: Decodable, Sendable, Equatable {
    public var indexName: String
    /// `CREATING`, `UPDATING`, `DELETING`, `ACTIVE`.
    public var indexStatus: String?
    public var keySchema: [DynamoDBKeySchemaElement]?
    public var projection: DynamoDBProjection?
    public var backfilling: Bool?
    /// Capacity units (moto reports 0/0 for on-demand tables; DynamoDB reports 0/0 or omits them).
    public var provisionedThroughput: DynamoDBProvisionedThroughput?
    enum CodingKeys: String, CodingKey {
        case indexName = "IndexName", indexStatus = "IndexStatus", keySchema = "KeySchema", projection = "Projection"
        case backfilling = "Backfilling", provisionedThroughput = "ProvisionedThroughput"
    }
}

/// A local secondary index as `DescribeTable` reports it.
public struct DynamoDBLocalSecondaryIndexDescription: Decodable, Sendable, Equatable {
    public var indexName: String
    public var keySchema: [DynamoDBKeySchemaElement]?
    public var projection: DynamoDBProjection?
    enum CodingKeys: String, CodingKey { case indexName = "IndexName", keySchema = "KeySchema", projection = "Projection" }
}

/// Server-side encryption as `DescribeTable` reports it; absent for the default AWS-owned key.
public struct DynamoDBSSEDescription: Decodable, Sendable, Equatable {
    /// `ENABLING`, `ENABLED`, `DISABLING`, `DISABLED`, `UPDATING`.
    public var status: String?
    /// `KMS` (or `AES256` on old tables).
    public var sseType: String?
    public var kmsMasterKeyARN: String?
    enum CodingKeys: String, CodingKey { case status = "Status", sseType = "SSEType", kmsMasterKeyARN = "KMSMasterKeyArn" }
}

/// A replica of a global table (version 2019.11.21).
public struct DynamoDBReplicaDescription: Decodable, Sendable, Equatable {
    public var regionName: String
    /// `CREATING`, `UPDATING`, `DELETING`, `ACTIVE`, `CREATION_FAILED`, …
    public var replicaStatus: String?
    enum CodingKeys: String, CodingKey { case regionName = "RegionName", replicaStatus = "ReplicaStatus" }
}

/// What `DescribeTable`, `CreateTable`, `UpdateTable` and `DeleteTable` return about a table.
public struct DynamoDBTableDescription: Decodable, Sendable, Equatable {
    public struct BillingModeSummary: Decodable, Sendable, Equatable {
        public var billingMode: String?
        enum CodingKeys: String, CodingKey { case billingMode = "BillingMode" }
    }
    public struct TableClassSummary: Decodable, Sendable, Equatable {
        public var tableClass: String?
        enum CodingKeys: String, CodingKey { case tableClass = "TableClass" }
    }

    public var tableName: String
    public var tableARN: String?
    /// `CREATING`, `UPDATING`, `DELETING`, `ACTIVE`, …
    public var tableStatus: String?
    public var keySchema: [DynamoDBKeySchemaElement]?
    public var attributeDefinitions: [DynamoDBAttributeDefinition]?
    public var billingModeSummary: BillingModeSummary?
    public var provisionedThroughput: DynamoDBProvisionedThroughput?
    public var globalSecondaryIndexes: [DynamoDBGlobalSecondaryIndexDescription]?
    public var localSecondaryIndexes: [DynamoDBLocalSecondaryIndexDescription]?
    public var streamSpecification: DynamoDBStreamSpecification?
    public var latestStreamARN: String?
    public var sseDescription: DynamoDBSSEDescription?
    public var deletionProtectionEnabled: Bool?
    public var tableClassSummary: TableClassSummary?
    /// `2019.11.21` for global tables managed through `ReplicaUpdates`.
    public var globalTableVersion: String?
    public var replicas: [DynamoDBReplicaDescription]?
    public var itemCount: Int?
    /// The table's unique id (a table deleted and created again under its name gets a new one).
    public var tableID: String?
    /// When the table was created (seconds since 1970).
    public var creationDateTime: Double?

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", tableARN = "TableArn", tableStatus = "TableStatus", keySchema = "KeySchema"
        case attributeDefinitions = "AttributeDefinitions", billingModeSummary = "BillingModeSummary"
        case provisionedThroughput = "ProvisionedThroughput"
        case globalSecondaryIndexes = "GlobalSecondaryIndexes", localSecondaryIndexes = "LocalSecondaryIndexes"
        case streamSpecification = "StreamSpecification", latestStreamARN = "LatestStreamArn", sseDescription = "SSEDescription"
        case deletionProtectionEnabled = "DeletionProtectionEnabled", tableClassSummary = "TableClassSummary"
        case globalTableVersion = "GlobalTableVersion", replicas = "Replicas", itemCount = "ItemCount"
        case tableID = "TableId", creationDateTime = "CreationDateTime"
    }

    /// `PAY_PER_REQUEST` or `PROVISIONED` (DynamoDB omits the summary for provisioned tables created long ago).
    public var billingMode: String { billingModeSummary?.billingMode ?? "PROVISIONED" }

    /// `STANDARD` unless the table says otherwise.
    public var tableClass: String { tableClassSummary?.tableClass ?? "STANDARD" }

    /// What keeps the table from being settled: its own status, indexes not `ACTIVE` (or
    /// backfilling) and replicas not `ACTIVE`, e.g. `["table UPDATING", "index EmailIndex CREATING"]`.
    public var pendingWork: [String] {
        var pending: [String] = []
        if let status = tableStatus, status != "ACTIVE" { pending.append("table \(status)") }
        for index in globalSecondaryIndexes ?? [] {
            if let status = index.indexStatus, status != "ACTIVE" {
                pending.append("index \(index.indexName) \(status)")
            } else if index.backfilling == true {
                pending.append("index \(index.indexName) BACKFILLING")
            }
        }
        for replica in replicas ?? [] where replica.replicaStatus.map({ $0 != "ACTIVE" }) ?? false {
            pending.append("replica \(replica.regionName) \(replica.replicaStatus ?? "")")
        }
        return pending
    }
}
