import JSONSchema
import PipelineBasics

/// The DynamoDB rules JSON Schema cannot express, run on a schema-valid definition.
struct DynamoDBRules {
    static let maxGlobalIndexes = 20
    static let maxLocalIndexes = 5
    static let maxProjectedAttributes = 100
    static let nameLength = 3...255

    let path: String
    let document: JSONDocument
    let definition: TableDefinition
    var problems: [Diagnostic] = []

    init(path: String, document: JSONDocument, definition: TableDefinition) {
        self.path = path
        self.document = document
        self.definition = definition
    }

    /// A use of an attribute as a key: the attribute, where it is written, and what it keys.
    struct KeyUse {
        var attribute: String
        var pointer: String
        var role: String
    }

    mutating func add(_ pointer: String, _ rule: Diagnostic.Rule, _ message: String, severity: Diagnostic.Severity = .error) {
        problems.append(TableDefinitionChecker.problem(path, document, pointer, rule, message, severity: severity))
    }

    var keyUses: [KeyUse] {
        var uses = [KeyUse(attribute: definition.keySchema.partitionKey, pointer: "/keySchema/partitionKey", role: "the table's partition key")]
        if let sk = definition.keySchema.sortKey {
            uses.append(KeyUse(attribute: sk, pointer: "/keySchema/sortKey", role: "the table's sort key"))
        }
        for (i, gsi) in definition.globalSecondaryIndexes.enumerated() {
            uses.append(KeyUse(attribute: gsi.partitionKey, pointer: "/globalSecondaryIndexes/\(i)/partitionKey",
                               role: "the partition key of global index \"\(gsi.indexName)\""))
            if let sk = gsi.sortKey {
                uses.append(KeyUse(attribute: sk, pointer: "/globalSecondaryIndexes/\(i)/sortKey",
                                   role: "the sort key of global index \"\(gsi.indexName)\""))
            }
        }
        for (i, lsi) in definition.localSecondaryIndexes.enumerated() {
            uses.append(KeyUse(attribute: lsi.sortKey, pointer: "/localSecondaryIndexes/\(i)/sortKey",
                               role: "the sort key of local index \"\(lsi.indexName)\""))
        }
        return uses
    }

    mutating func run() -> [Diagnostic] {
        checkAttributes()
        checkNames()
        checkIndexLimits()
        checkProjections()
        checkReplicas()
        return problems
    }

    mutating func checkAttributes() {
        var declared: [String: Int] = [:]
        for (i, attribute) in definition.attributeDefinitions.enumerated() {
            if let first = declared[attribute.name] {
                add("/attributeDefinitions/\(i)/name", .duplicateName,
                    "attribute \"\(attribute.name)\" is declared twice (also attributeDefinitions[\(first)]): remove one declaration")
            } else {
                declared[attribute.name] = i
            }
        }
        let uses = keyUses
        for use in uses where declared[use.attribute] == nil {
            add(use.pointer, .keyAttributeType,
                "\"\(use.attribute)\" is \(use.role) but is not declared: add {\"name\": \"\(use.attribute)\", \"type\": \"S\"} (type S, N or B) to attributeDefinitions")
        }
        let used = Set(uses.map(\.attribute))
        for (i, attribute) in definition.attributeDefinitions.enumerated() where !used.contains(attribute.name) && declared[attribute.name] == i {
            add("/attributeDefinitions/\(i)", .unusedAttribute,
                "attribute \"\(attribute.name)\" is declared but no table or index key uses it, and DynamoDB rejects unused attribute definitions: remove it (non-key attributes are never declared) or use it in an index key")
        }
    }

    mutating func checkName(_ fullName: String, _ pointer: String, _ what: String) {
        let length = fullName.unicodeScalars.count
        let name = length > 40 ? String(fullName.prefix(40)) + "…" : fullName
        if !DynamoDBRules.nameLength.contains(length) {
            add(pointer, .nameLength, "\(what) \"\(name)\" has \(length) characters: DynamoDB names need 3 to 255")
        }
        let bad = fullName.unicodeScalars.filter { !(("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == ".") }
        if !bad.isEmpty {
            let shown = Set(bad.map { "'\($0)'" }).sorted().joined(separator: ", ")
            add(pointer, .nameFormat, "\(what) \"\(name)\" contains \(shown): DynamoDB names allow only a-z, A-Z, 0-9, '_', '-' and '.'")
        }
    }

    mutating func checkNames() {
        checkName(definition.tableName, "/tableName", "table name")
        var seen: [String: String] = [:]
        let indexes = definition.globalSecondaryIndexes.enumerated().map { ($0.element.indexName, "/globalSecondaryIndexes/\($0.offset)/indexName") }
            + definition.localSecondaryIndexes.enumerated().map { ($0.element.indexName, "/localSecondaryIndexes/\($0.offset)/indexName") }
        for (name, pointer) in indexes {
            checkName(name, pointer, "index name")
            if let first = seen[name] {
                add(pointer, .duplicateName, "index name \"\(name)\" is already used at \(first): index names must be unique within a table")
            } else {
                seen[name] = pointer
            }
        }
    }

    mutating func checkIndexLimits() {
        let gsis = definition.globalSecondaryIndexes.count
        if gsis > DynamoDBRules.maxGlobalIndexes {
            add("/globalSecondaryIndexes/\(DynamoDBRules.maxGlobalIndexes)", .gsiLimit,
                "\(gsis) global secondary indexes: DynamoDB allows at most \(DynamoDBRules.maxGlobalIndexes) per table; remove \(gsis - DynamoDBRules.maxGlobalIndexes) or overload index keys")
        }
        let lsis = definition.localSecondaryIndexes.count
        if lsis > DynamoDBRules.maxLocalIndexes {
            add("/localSecondaryIndexes/\(DynamoDBRules.maxLocalIndexes)", .lsiLimit,
                "\(lsis) local secondary indexes: DynamoDB allows at most \(DynamoDBRules.maxLocalIndexes) per table; remove \(lsis - DynamoDBRules.maxLocalIndexes) or use global indexes")
        }
        if lsis > 0, definition.keySchema.sortKey == nil {
            add("/localSecondaryIndexes", .lsiRequiresSortKey,
                "local secondary indexes need a table with a sort key: add keySchema.sortKey or use global indexes")
        }
    }

    mutating func checkProjections() {
        var keyAttributes = Set([definition.keySchema.partitionKey] + [definition.keySchema.sortKey].compactMap { $0 })
        for gsi in definition.globalSecondaryIndexes { keyAttributes.formUnion([gsi.partitionKey] + [gsi.sortKey].compactMap { $0 }) }
        for lsi in definition.localSecondaryIndexes { keyAttributes.insert(lsi.sortKey) }
        let projections = definition.globalSecondaryIndexes.enumerated().map { ($0.element.indexName, $0.element.projection, "/globalSecondaryIndexes/\($0.offset)/projection") }
            + definition.localSecondaryIndexes.enumerated().map { ($0.element.indexName, $0.element.projection, "/localSecondaryIndexes/\($0.offset)/projection") }
        var total = 0
        var reported = false
        for (name, projection, pointer) in projections where projection.type == .include {
            let attributes = projection.nonKeyAttributes ?? []
            for (j, attribute) in attributes.enumerated() where keyAttributes.contains(attribute) {
                add("\(pointer)/nonKeyAttributes/\(j)", .includeProjectionLimit,
                    "\"\(attribute)\" is a key attribute, and key attributes are always projected: remove it from the nonKeyAttributes of index \"\(name)\"")
            }
            total += attributes.count
            if total > DynamoDBRules.maxProjectedAttributes && !reported {
                reported = true
                add("\(pointer)/nonKeyAttributes", .includeProjectionLimit,
                    "INCLUDE projections list \(total) non-key attributes by index \"\(name)\": DynamoDB allows at most \(DynamoDBRules.maxProjectedAttributes) summed over all indexes of a table; project fewer attributes or use ALL")
            }
        }
    }

    mutating func checkReplicas() {
        for environment in definition.environments.keys.sorted() {
            let settings = definition.settings(for: environment)
            guard !settings.replicas.isEmpty else { continue }
            if settings.stream?.enabled != true || settings.stream?.viewType != .newAndOldImages {
                add("/environments/\(environment)/replicas", .replicaStream,
                    "\(environment) has global-table replicas (\(settings.replicas.joined(separator: ", "))), which need a stream with viewType NEW_AND_OLD_IMAGES: set \"stream\": {\"enabled\": true, \"viewType\": \"NEW_AND_OLD_IMAGES\"}")
            }
        }
    }
}
