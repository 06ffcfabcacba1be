import PipelineBasics

/// The catalogue of the table definition checks (the rules themselves are
/// `Diagnostic.Rule.gsiLimit` and so on, ids `table.<name>`).
public enum TableRule {
    /// Every table definition rule, in the order the checker runs them.
    public static let allCases: [Diagnostic.Rule] = [
        .unreadableFile, .jsonSyntax, .schema, .keyAttributeType, .unusedAttribute, .gsiLimit, .lsiLimit, .lsiRequiresSortKey,
        .nameFormat, .nameLength, .includeProjectionLimit, .duplicateName, .replicaStream, .keySchemaChange, .tableRename,
        .lsiChange, .gsiChange,
    ]
}
