import JSONSchema
import PipelineBasics

extension TableDefinitionChecker {
    /// Compares a file with its previous committed version and flags what DynamoDB cannot
    /// change in place: a new key schema or table name (table replacement) and any local
    /// index change (errors); global index changes are notes, as each needs its own
    /// UpdateTable call. Returns nothing if either version is not a valid definition (the
    /// current one is reported by ``check(fileAt:bytes:)``) or if it is a new file.
    public static func compare(fileAt path: String, previous: some Sequence<UInt8>, current: some Sequence<UInt8>) -> [Diagnostic] {
        compare(previous: TableDefinitionFile(path: path, bytes: previous), current: TableDefinitionFile(path: path, bytes: current))
    }

    /// Compares two files already read (the current one read once, for ``check(_:)`` too).
    public static func compare(previous old: TableDefinitionFile, current new: TableDefinitionFile) -> [Diagnostic] {
        let path = new.path
        guard let before = old.definition, let after = new.definition, let document = new.document else { return [] }
        var problems: [Diagnostic] = []
        func add(_ pointer: String, _ rule: Diagnostic.Rule, _ message: String, _ severity: Diagnostic.Severity = .error) {
            problems.append(problem(path, document, pointer, rule, message, severity: severity))
        }
        if before.tableName != after.tableName {
            add("/tableName", .tableRename,
                "the table name changed from \"\(before.tableName)\" to \"\(after.tableName)\": this creates a new, empty table and leaves the old one; migrate the data explicitly or keep the name")
        }
        compareKeys(before, after, add)
        compareLocalIndexes(before, after, add)
        compareGlobalIndexes(before, after, add)
        return problems
    }

    private static func keyDescription(_ name: String?, _ d: TableDefinition) -> String {
        guard let name else { return "none" }
        return "\(name) (\(d.attributeType(name)?.rawValue ?? "?"))"
    }

    private static func compareKeys(_ before: TableDefinition, _ after: TableDefinition,
                                    _ add: (String, Diagnostic.Rule, String, Diagnostic.Severity) -> Void) {
        let parts: [(String, String?, String?)] = [
            ("partitionKey", before.keySchema.partitionKey, after.keySchema.partitionKey),
            ("sortKey", before.keySchema.sortKey, after.keySchema.sortKey),
        ]
        for (field, old, new) in parts {
            let oldText = keyDescription(old, before), newText = keyDescription(new, after)
            guard oldText != newText else { continue }
            add("/keySchema/\(field)", .keySchemaChange,
                "the table's \(field) changed from \(oldText) to \(newText): DynamoDB cannot change a key schema in place; this needs a new table and a data migration (refused unless replacement is explicitly approved)", .error)
        }
    }

    private static func compareLocalIndexes(_ before: TableDefinition, _ after: TableDefinition,
                                            _ add: (String, Diagnostic.Rule, String, Diagnostic.Severity) -> Void) {
        let old = Dictionary(before.localSecondaryIndexes.map { ($0.indexName, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, lsi) in after.localSecondaryIndexes.enumerated() {
            if let previous = old[lsi.indexName] {
                if previous.sortKey != lsi.sortKey || previous.projection != lsi.projection
                    || before.attributeType(previous.sortKey) != after.attributeType(lsi.sortKey)
                {
                    add("/localSecondaryIndexes/\(i)", .lsiChange,
                        "local index \"\(lsi.indexName)\" changed: local indexes can only be defined when the table is created; revert the change or replace the table", .error)
                }
            } else {
                add("/localSecondaryIndexes/\(i)", .lsiChange,
                    "local index \"\(lsi.indexName)\" is new: local indexes can only be created with the table; use a global index or replace the table", .error)
            }
        }
        let current = Set(after.localSecondaryIndexes.map(\.indexName))
        for lsi in before.localSecondaryIndexes where !current.contains(lsi.indexName) {
            add("/localSecondaryIndexes", .lsiChange,
                "local index \"\(lsi.indexName)\" was removed: local indexes cannot be deleted from an existing table; restore it or replace the table", .error)
        }
    }

    private static func compareGlobalIndexes(_ before: TableDefinition, _ after: TableDefinition,
                                             _ add: (String, Diagnostic.Rule, String, Diagnostic.Severity) -> Void) {
        let old = Dictionary(before.globalSecondaryIndexes.map { ($0.indexName, $0) }, uniquingKeysWith: { a, _ in a })
        var calls = 0
        var affected = 0
        for (i, gsi) in after.globalSecondaryIndexes.enumerated() {
            if let previous = old[gsi.indexName] {
                let keysChanged = previous.partitionKey != gsi.partitionKey || previous.sortKey != gsi.sortKey
                    || before.attributeType(previous.partitionKey) != after.attributeType(gsi.partitionKey)
                    || previous.sortKey.flatMap(before.attributeType) != gsi.sortKey.flatMap(after.attributeType)
                if keysChanged || previous.projection != gsi.projection {
                    calls += 2
                    affected += 1
                    add("/globalSecondaryIndexes/\(i)", .gsiChange,
                        "global index \"\(gsi.indexName)\" changed its \(keysChanged ? "keys" : "projection"): DynamoDB cannot modify it in place; it is deleted and re-created (two UpdateTable calls, the index is unavailable while it backfills)", .note)
                }
            } else {
                calls += 1
                affected += 1
                add("/globalSecondaryIndexes/\(i)", .gsiChange,
                    "global index \"\(gsi.indexName)\" is new: it is created by its own UpdateTable call and backfilled before the next index change", .note)
            }
        }
        let current = Set(after.globalSecondaryIndexes.map(\.indexName))
        for gsi in before.globalSecondaryIndexes where !current.contains(gsi.indexName) {
            calls += 1
            affected += 1
            add("/globalSecondaryIndexes", .gsiChange,
                "global index \"\(gsi.indexName)\" was removed: it is deleted by its own UpdateTable call; queries using it will fail", .note)
        }
        if affected > 1 {
            add("/globalSecondaryIndexes", .gsiChange,
                "\(calls) global index operations: DynamoDB allows one index creation or deletion per UpdateTable, so they are applied one at a time, waiting for each to become ACTIVE", .note)
        }
    }
}
