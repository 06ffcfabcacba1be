/// One DynamoDB table as described by a table definition file
/// (see `schemas/table-definition.schema.json`).
public struct TableDefinition: Codable, Sendable, Equatable {
    public var tableName: String
    public var description: String?
    public var attributeDefinitions: [AttributeDefinition]
    public var keySchema: KeySchema
    public var globalSecondaryIndexes: [GlobalSecondaryIndex]
    public var localSecondaryIndexes: [LocalSecondaryIndex]
    public var billingMode: BillingMode
    public var provisionedThroughput: ProvisionedThroughput?
    public var timeToLive: TimeToLive?
    public var stream: StreamSpecification?
    public var pointInTimeRecovery: Bool
    public var deletionProtection: Bool
    public var tags: [String: String]
    /// Documentation of the items stored (single-table design).
    public var entities: [Entity]
    /// Overrides keyed by environment name (`dev`, `sit`, `prod`).
    public var environments: [String: EnvironmentOverride]

    public init(tableName: String, description: String? = nil, attributeDefinitions: [AttributeDefinition], keySchema: KeySchema,
                globalSecondaryIndexes: [GlobalSecondaryIndex] = [], localSecondaryIndexes: [LocalSecondaryIndex] = [],
                billingMode: BillingMode = .payPerRequest, provisionedThroughput: ProvisionedThroughput? = nil,
                timeToLive: TimeToLive? = nil, stream: StreamSpecification? = nil, pointInTimeRecovery: Bool = false,
                deletionProtection: Bool = false, tags: [String: String] = [:], entities: [Entity] = [],
                environments: [String: EnvironmentOverride] = [:]) {
        self.tableName = tableName
        self.description = description
        self.attributeDefinitions = attributeDefinitions
        self.keySchema = keySchema
        self.globalSecondaryIndexes = globalSecondaryIndexes
        self.localSecondaryIndexes = localSecondaryIndexes
        self.billingMode = billingMode
        self.provisionedThroughput = provisionedThroughput
        self.timeToLive = timeToLive
        self.stream = stream
        self.pointInTimeRecovery = pointInTimeRecovery
        self.deletionProtection = deletionProtection
        self.tags = tags
        self.entities = entities
        self.environments = environments
    }

    enum CodingKeys: String, CodingKey {
        case tableName, description, attributeDefinitions, keySchema, globalSecondaryIndexes, localSecondaryIndexes
        case billingMode, provisionedThroughput, timeToLive, stream, pointInTimeRecovery, deletionProtection, tags
        case entities, environments
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tableName = try c.decode(String.self, forKey: .tableName)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        attributeDefinitions = try c.decode([AttributeDefinition].self, forKey: .attributeDefinitions)
        keySchema = try c.decode(KeySchema.self, forKey: .keySchema)
        globalSecondaryIndexes = try c.decodeIfPresent([GlobalSecondaryIndex].self, forKey: .globalSecondaryIndexes) ?? []
        localSecondaryIndexes = try c.decodeIfPresent([LocalSecondaryIndex].self, forKey: .localSecondaryIndexes) ?? []
        billingMode = try c.decode(BillingMode.self, forKey: .billingMode)
        provisionedThroughput = try c.decodeIfPresent(ProvisionedThroughput.self, forKey: .provisionedThroughput)
        timeToLive = try c.decodeIfPresent(TimeToLive.self, forKey: .timeToLive)
        stream = try c.decodeIfPresent(StreamSpecification.self, forKey: .stream)
        pointInTimeRecovery = try c.decodeIfPresent(Bool.self, forKey: .pointInTimeRecovery) ?? false
        deletionProtection = try c.decodeIfPresent(Bool.self, forKey: .deletionProtection) ?? false
        tags = try c.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
        entities = try c.decodeIfPresent([Entity].self, forKey: .entities) ?? []
        environments = try c.decodeIfPresent([String: EnvironmentOverride].self, forKey: .environments) ?? [:]
    }

    /// The type of a declared attribute, if declared.
    public func attributeType(_ name: String) -> AttributeType? {
        attributeDefinitions.first { $0.name == name }?.type
    }

    /// The settings in force in `environment`: the table's values with that environment's
    /// overrides applied (tags are merged, the override winning).
    public func settings(for environment: String) -> TableSettings {
        let o = environments[environment]
        let mode = o?.billingMode ?? billingMode
        return TableSettings(
            billingMode: mode,
            provisionedThroughput: mode == .provisioned ? (o?.provisionedThroughput ?? provisionedThroughput) : nil,
            pointInTimeRecovery: o?.pointInTimeRecovery ?? pointInTimeRecovery,
            deletionProtection: o?.deletionProtection ?? deletionProtection,
            stream: o?.stream ?? stream,
            replicas: o?.replicas ?? [],
            tags: tags.merging(o?.tags ?? [:]) { _, new in new })
    }
}
