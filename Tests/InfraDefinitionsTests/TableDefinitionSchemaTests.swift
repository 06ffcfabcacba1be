import Foundation
import JSONSchema
import PipelineBasics
import TestTiers
import Testing

@testable import InfraDefinitions

@Suite(.fast) struct TableDefinitionSchemaTests {
    @Test func publishedSchemaIsTheEmbeddedSchema() throws {
        let url = ExamplesTests.repository.appendingPathComponent("schemas/table-definition.schema.json")
        let published = try String(contentsOf: url, encoding: .utf8)
        #expect(Array(published.utf8) == Array(TableDefinitionSchema.text.utf8),
                "schemas/table-definition.schema.json and the embedded copy differ: run scripts/sync-table-schema.sh")
    }

    @Test func schemaIsAValidDraft2020_12Schema() throws {
        let meta = try Validator(schema: ["$ref": "https://json-schema.org/draft/2020-12/schema"])
        let result = meta.validate(TableDefinitionSchema.value)
        #expect(result.isValid, "\(result.issues)")
        #expect(TableDefinitionSchema.value["$id"]?.stringValue == TableDefinitionSchema.id)
    }

    @Test func modelRoundTripsThroughJSON() throws {
        let definition = TableDefinition(
            tableName: "orders",
            attributeDefinitions: [AttributeDefinition(name: "PK", type: .string)],
            keySchema: KeySchema(partitionKey: "PK"),
            billingMode: .provisioned,
            provisionedThroughput: ProvisionedThroughput(readCapacityUnits: 5, writeCapacityUnits: 5),
            environments: ["prod": EnvironmentOverride(billingMode: .payPerRequest, replicas: ["eu-west-1"])])
        let data = try JSONEncoder().encode(definition)
        let decoded = try JSONDecoder().decode(TableDefinition.self, from: data)
        #expect(decoded == definition)
        // The encoded model is itself schema-valid.
        let issues = TableDefinitionSchema.validator.validate(try JSONDocument(bytes: data)).issues
        #expect(issues.isEmpty, "\(issues)")
        #expect(decoded.settings(for: "prod").provisionedThroughput == nil)
        #expect(decoded.settings(for: "dev").provisionedThroughput?.readCapacityUnits == 5)
    }
}
