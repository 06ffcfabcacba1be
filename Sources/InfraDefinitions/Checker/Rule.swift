/// The checks, by stable identifier.
public enum Rule: String, Sendable, Hashable, CaseIterable {
    /// The file cannot be read.
    case unreadableFile = "unreadable-file"
    /// The file is not well-formed UTF-8 JSON.
    case jsonSyntax = "json-syntax"
    /// The file does not match `schemas/table-definition.schema.json`.
    case schema
    /// A key or index attribute is not declared (with type S, N or B) in attributeDefinitions.
    case keyAttributeType = "key-attribute-type"
    /// A declared attribute is used by no key (DynamoDB rejects it).
    case unusedAttribute = "unused-attribute"
    /// More than 20 global secondary indexes.
    case gsiLimit = "gsi-limit"
    /// More than 5 local secondary indexes.
    case lsiLimit = "lsi-limit"
    /// A local secondary index on a table without a sort key.
    case lsiRequiresSortKey = "lsi-requires-sort-key"
    /// A table or index name with characters outside `[a-zA-Z0-9_.-]`.
    case nameFormat = "name-format"
    /// A table or index name shorter than 3 or longer than 255 characters.
    case nameLength = "name-length"
    /// INCLUDE projections over 100 attributes in total, or listing a key attribute.
    case includeProjectionLimit = "include-projection-limit"
    /// Two indexes, attribute definitions or tables (across files) with the same name.
    case duplicateName = "duplicate-name"
    /// Global-table replicas without a NEW_AND_OLD_IMAGES stream.
    case replicaStream = "replica-stream"
    /// The table's key schema changed: DynamoDB needs a new table.
    case keySchemaChange = "key-schema-change"
    /// The table name changed: this creates a new table and leaves the old one.
    case tableRename = "table-rename"
    /// A local secondary index was added, removed or changed: only possible at table creation.
    case lsiChange = "lsi-change"
    /// A global secondary index was added, removed or changed: one UpdateTable call each.
    case gsiChange = "gsi-change"
}
