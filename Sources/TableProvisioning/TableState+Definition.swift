import Foundation
import InfraDefinitions

extension TableState {
    /// The stream view type used when a definition enables a stream without naming one.
    public static let defaultStreamViewType = "NEW_AND_OLD_IMAGES"

    /// The state `definition` asks for in `environment`.
    ///
    /// Tags: `environmentTags` (the pipeline file's `Environment(tags:)`, e.g. the mandatory
    /// tags), overlaid by the definition's own `tags`, then by its `environments[environment].tags`
    /// — the more specific winning. Indexes of a `PROVISIONED` table without their own
    /// throughput get the table's. Server-side encryption is left unmanaged (nil): the
    /// definition format has no field for it.
    public static func desired(definition: TableDefinition, environment: String,
                               environmentTags: [String: String] = [:]) -> TableState {
        let settings = definition.settings(for: environment)
        let provisioned = settings.billingMode == .provisioned
        let tableThroughput = settings.provisionedThroughput.map(Throughput.init)
        func attribute(_ name: String) -> KeyAttribute {
            KeyAttribute(name, (definition.attributeType(name) ?? .string).rawValue)
        }
        let key = Key(partitionKey: attribute(definition.keySchema.partitionKey), sortKey: definition.keySchema.sortKey.map(attribute))
        let globals = definition.globalSecondaryIndexes.map { index in
            GlobalIndex(name: index.indexName,
                        key: Key(partitionKey: attribute(index.partitionKey), sortKey: index.sortKey.map(attribute)),
                        projection: Projection(index.projection),
                        throughput: provisioned ? (index.provisionedThroughput.map(Throughput.init) ?? tableThroughput) : nil)
        }
        let locals = definition.localSecondaryIndexes.map { index in
            LocalIndex(name: index.indexName, sortKey: attribute(index.sortKey), projection: Projection(index.projection))
        }
        let stream = settings.stream.flatMap { spec in
            spec.enabled ? Stream(viewType: spec.viewType?.rawValue ?? defaultStreamViewType) : nil
        }
        let ttl = definition.timeToLive.flatMap { $0.enabled == false ? nil : $0.attributeName }
        return TableState(
            tableName: definition.tableName, key: key, globalSecondaryIndexes: globals, localSecondaryIndexes: locals,
            billingMode: settings.billingMode.rawValue, provisionedThroughput: tableThroughput, stream: stream,
            serverSideEncryption: nil, deletionProtection: settings.deletionProtection,
            tags: environmentTags.merging(settings.tags) { _, specific in specific },
            pointInTimeRecovery: settings.pointInTimeRecovery, timeToLive: ttl, replicas: settings.replicas)
    }
}

extension TableState.Throughput {
    init(_ throughput: InfraDefinitions.ProvisionedThroughput) {
        self.init(read: throughput.readCapacityUnits, write: throughput.writeCapacityUnits)
    }
}

extension TableState.Projection {
    init(_ projection: InfraDefinitions.Projection) {
        self.init(type: projection.type.rawValue, nonKeyAttributes: projection.nonKeyAttributes)
    }
}
