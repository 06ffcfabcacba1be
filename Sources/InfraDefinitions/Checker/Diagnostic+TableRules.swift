import PipelineBasics

/// The table definition checks, by stable id (`table.<name>`).
extension Diagnostic.Rule {
    public static let unreadableFile = Self("table.unreadable-file", summary: "the file can be read")
    public static let jsonSyntax = Self("table.json-syntax", summary: "the file is well-formed UTF-8 JSON")
    public static let schema = Self("table.schema", summary: "the file matches schemas/table-definition.schema.json")
    public static let keyAttributeType = Self(
        "table.key-attribute-type", summary: "every key or index attribute is declared (with type S, N or B) in attributeDefinitions")
    public static let unusedAttribute = Self("table.unused-attribute", summary: "every declared attribute is used by a key (DynamoDB rejects others)")
    public static let gsiLimit = Self("table.gsi-limit", summary: "at most 20 global secondary indexes")
    public static let lsiLimit = Self("table.lsi-limit", summary: "at most 5 local secondary indexes")
    public static let lsiRequiresSortKey = Self("table.lsi-requires-sort-key", summary: "local secondary indexes only on a table with a sort key")
    public static let nameFormat = Self("table.name-format", summary: "table and index names use only [a-zA-Z0-9_.-]")
    public static let nameLength = Self("table.name-length", summary: "table and index names are 3 to 255 characters long")
    public static let includeProjectionLimit = Self(
        "table.include-projection-limit", summary: "INCLUDE projections name at most 100 attributes in total and no key attribute")
    public static let duplicateName = Self(
        "table.duplicate-name", summary: "indexes, attribute definitions and tables (across files) have unique names")
    public static let replicaStream = Self("table.replica-stream", summary: "global-table replicas have a NEW_AND_OLD_IMAGES stream")
    public static let unknownEnvironment = Self(
        "table.unknown-environment", summary: "every environment a definition overrides is declared by the pipeline")
    public static let keySchemaChange = Self("table.key-schema-change", summary: "the key schema does not change (DynamoDB needs a new table)")
    public static let tableRename = Self("table.table-rename", summary: "the table name does not change (a rename creates a new table)")
    public static let lsiChange = Self("table.lsi-change", summary: "local secondary indexes do not change (only possible at table creation)")
    public static let gsiChange = Self("table.gsi-change", summary: "each global secondary index change is its own UpdateTable call")
}
