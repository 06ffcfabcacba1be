import AWS
import Foundation

extension TableState {
    /// The state of a table as DynamoDB reports it.
    ///
    /// - Parameters:
    ///   - region: the table's own region (left out of ``replicas``).
    ///   - manageReplicas: false leaves ``replicas`` nil (not managed).
    public init(description table: DynamoDBTableDescription, pointInTimeRecovery: Bool, timeToLive: DynamoDBTimeToLiveDescription?,
                tags: [DynamoDBTag], region: String, manageReplicas: Bool = true) {
        let types = Dictionary((table.attributeDefinitions ?? []).map { ($0.attributeName, $0.attributeType) }) { first, _ in first }
        func key(_ schema: [DynamoDBKeySchemaElement]?) -> Key {
            let elements = schema ?? []
            let hash = elements.first { $0.keyType == "HASH" }?.attributeName ?? ""
            let range = elements.first { $0.keyType == "RANGE" }?.attributeName
            return Key(partitionKey: KeyAttribute(hash, types[hash] ?? "S"), sortKey: range.map { KeyAttribute($0, types[$0] ?? "S") })
        }
        let provisioned = table.billingMode == "PROVISIONED"
        func throughput(_ value: DynamoDBProvisionedThroughput?) -> Throughput? {
            guard provisioned, let value else { return nil }
            return Throughput(read: value.readCapacityUnits, write: value.writeCapacityUnits)
        }
        let globals = (table.globalSecondaryIndexes ?? []).map { index in
            GlobalIndex(name: index.indexName, key: key(index.keySchema), projection: Projection(index.projection),
                        throughput: throughput(index.provisionedThroughput))
        }
        let locals = (table.localSecondaryIndexes ?? []).map { index in
            LocalIndex(name: index.indexName, sortKey: key(index.keySchema).sortKey ?? KeyAttribute("", "S"),
                       projection: Projection(index.projection))
        }
        let stream: Stream? = table.streamSpecification.flatMap { spec in
            spec.streamEnabled ? Stream(viewType: spec.streamViewType ?? TableState.defaultStreamViewType) : nil
        }
        let encryption: Encryption
        if let sse = table.sseDescription, ["ENABLED", "ENABLING", "UPDATING"].contains(sse.status ?? "") {
            encryption = .kms(sse.kmsMasterKeyARN)
        } else {
            encryption = .awsOwned
        }
        // ListTagsOfResource: moto appends a re-tagged key instead of replacing it; the last value is the current one.
        var tagValues: [String: String] = [:]
        for tag in tags { tagValues[tag.key] = tag.value }
        let replicas: [String]? = manageReplicas
            ? (table.replicas ?? []).map(\.regionName).filter { $0 != region }
            : nil
        self.init(tableName: table.tableName, key: key(table.keySchema), globalSecondaryIndexes: globals, localSecondaryIndexes: locals,
                  billingMode: table.billingMode, provisionedThroughput: throughput(table.provisionedThroughput), stream: stream,
                  serverSideEncryption: encryption, deletionProtection: table.deletionProtectionEnabled ?? false, tags: tagValues,
                  pointInTimeRecovery: pointInTimeRecovery, timeToLive: timeToLive?.enabledAttributeName, replicas: replicas,
                  pending: table.pendingWork)
    }
}

extension TableState.Projection {
    init(_ projection: DynamoDBProjection?) {
        self.init(type: projection?.projectionType ?? "ALL", nonKeyAttributes: projection?.nonKeyAttributes)
    }
}
