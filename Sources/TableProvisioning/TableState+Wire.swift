import AWS
import Foundation

// The DynamoDB request shapes of a state.
extension TableState {
    /// One `CreateTable` with keys, attributes, indexes, billing, stream, encryption, deletion
    /// protection and tags (PITR, TTL and replicas need calls of their own once the table is ACTIVE).
    var createTableInput: DynamoDBCreateTableInput {
        DynamoDBCreateTableInput(
            tableName: tableName, attributeDefinitions: attributeDefinitions.map(\.wire), keySchema: key.wire,
            billingMode: billingMode, provisionedThroughput: provisionedThroughput?.wire,
            globalSecondaryIndexes: globalSecondaryIndexes.isEmpty ? nil : globalSecondaryIndexes.map(\.wire),
            localSecondaryIndexes: localSecondaryIndexes.isEmpty ? nil : localSecondaryIndexes.map { $0.wire(partitionKey: key.partitionKey) },
            streamSpecification: stream.map { DynamoDBStreamSpecification(enabled: true, viewType: $0.viewType) },
            sseSpecification: serverSideEncryption.flatMap(\.wire),
            tags: tags.isEmpty ? nil : tags.sorted { $0.key < $1.key }.map { DynamoDBTag($0.key, $0.value) },
            deletionProtectionEnabled: deletionProtection)
    }
}

extension TableState.KeyAttribute {
    var wire: DynamoDBAttributeDefinition { DynamoDBAttributeDefinition(name, type) }
}

extension TableState.Key {
    var wire: [DynamoDBKeySchemaElement] { [.hash(partitionKey.name)] + (sortKey.map { [.range($0.name)] } ?? []) }
}

extension TableState.Projection {
    var wire: DynamoDBProjection { DynamoDBProjection(type, nonKeyAttributes: nonKeyAttributes) }
}

extension TableState.Throughput {
    var wire: DynamoDBProvisionedThroughput { DynamoDBProvisionedThroughput(read: read, write: write) }
}

extension TableState.GlobalIndex {
    var wire: DynamoDBGlobalSecondaryIndex {
        DynamoDBGlobalSecondaryIndex(name: name, keySchema: key.wire, projection: projection.wire, provisionedThroughput: throughput?.wire)
    }
}

extension TableState.LocalIndex {
    func wire(partitionKey: TableState.KeyAttribute) -> DynamoDBLocalSecondaryIndex {
        DynamoDBLocalSecondaryIndex(name: name, keySchema: [.hash(partitionKey.name), .range(sortKey.name)], projection: projection.wire)
    }
}

extension TableState.Encryption {
    /// nil for the AWS-owned key when creating (DynamoDB's default needs no specification).
    var wire: DynamoDBSSESpecification? {
        type == "KMS" ? DynamoDBSSESpecification(enabled: true, sseType: "KMS", kmsMasterKeyID: kmsKey) : nil
    }

    /// For `UpdateTable`: `Enabled: false` switches back to the AWS-owned key.
    var updateWire: DynamoDBSSESpecification {
        wire ?? DynamoDBSSESpecification(enabled: false)
    }
}
