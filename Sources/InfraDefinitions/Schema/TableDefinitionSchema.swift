import JSONSchema

/// The JSON Schema (draft 2020-12) of a table definition file, as published in
/// `schemas/table-definition.schema.json` (``text`` is a byte-identical copy).
public enum TableDefinitionSchema {
    /// The schema's `$id`.
    public static let id = "https://pipeline.dev/schemas/table-definition.schema.json"

    /// The parsed schema.
    public static let value: JSONValue = {
        do {
            return try JSONDocument(string: text).root
        } catch {
            preconditionFailure("embedded table-definition schema does not parse: \(error)")
        }
    }()

    /// The compiled validator, built once per process.
    public static let validator: Validator = {
        do {
            return try Validator(schema: value, draft: .draft2020_12)
        } catch {
            preconditionFailure("embedded table-definition schema does not compile: \(error)")
        }
    }()
}
