import Foundation
import PipelineBasics
import TestTiers
import Testing

@testable import JSONSchema

@Suite(.fast) struct ValidatorTests {
    func validator(_ schema: String, registry: SchemaRegistry = SchemaRegistry(), draft: Draft = .draft2020_12) throws -> Validator {
        try Validator(schema: try JSONDocument(string: schema).root, registry: registry, draft: draft)
    }

    @Test func issuesCarryLocationsAndPositions() throws {
        let v = try validator("""
            {
              "$id": "https://example.test/table.json",
              "type": "object",
              "required": ["name", "keys"],
              "properties": {
                "name": {"type": "string", "minLength": 3},
                "keys": {"type": "array", "items": {"$ref": "#/$defs/key"}}
              },
              "additionalProperties": false,
              "$defs": {"key": {"enum": ["S", "N", "B"]}}
            }
            """)
        let instance = try JSONDocument(string: """
            {
              "name": "ab",
              "keys": ["S", "X"],
              "extra": 1
            }
            """)
        let result = v.validate(instance)
        #expect(!result.isValid)
        #expect(result.issues.count == 3)
        let byLocation = Dictionary(grouping: result.issues, by: \.instanceLocation)
        let name = try #require(byLocation["/name"]?.first)
        #expect(name.keywordLocation == "/properties/name/minLength")
        #expect(name.absoluteKeywordLocation == "https://example.test/table.json#/properties/name/minLength")
        #expect(name.position?.description == "2:11")
        let key = try #require(byLocation["/keys/1"]?.first)
        #expect(key.keywordLocation == "/properties/keys/items/$ref/enum")
        #expect(key.absoluteKeywordLocation == "https://example.test/table.json#/$defs/key/enum")
        #expect(key.position?.description == "3:17")
        #expect(key.message.contains("\"X\" is not one of the allowed values"))
        let extra = try #require(byLocation["/extra"]?.first)
        #expect(extra.keywordLocation == "/additionalProperties")
        #expect(extra.message.contains("\"extra\" is not allowed"))
        #expect(extra.position?.description == "4:12")
        #expect(v.isValid(try JSONDocument(string: ##"{"name": "abc", "keys": ["S"]}"##).root))
    }

    @Test func refCycleWithoutConsumingInputIsAnError() throws {
        let v = try validator(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##)
        let result = v.validate(.number(.int(1)))
        #expect(!result.isValid)
        #expect(result.issues.contains { $0.message.contains("cycle") })
        // Recursion that consumes input is fine, however deep the instance (512 levels).
        let tree = try validator(##"{"type": "array", "items": {"$ref": "#"}}"##)
        let deep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(tree.isValid(try JSONDocument(string: deep).root))
        let self_ = try validator(##"{"$ref": "#"}"##)
        #expect(!self_.isValid(.null))
    }

    @Test func deepInstanceAgainstRecursiveMetaSchemaDoesNotOverflow() throws {
        // 500 nested `not` schemas: every level goes through allOf → $ref → $dynamicRef.
        let deep = String(repeating: #"{"not": "#, count: 500) + "{}" + String(repeating: "}", count: 500)
        let meta = try validator(##"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"##)
        let instance = try JSONDocument(string: deep).root
        let result = meta.validate(instance)
        // Too deep for a test thread's stack: the validator retries on a large stack.
        #expect(result.isValid, "\(result.issues.prefix(3))")
        #expect(meta.isValid(instance))
        let invalid = String(repeating: #"{"not": "#, count: 500) + #"{"type": 1}"# + String(repeating: "}", count: 500)
        let invalidResult = meta.validate(try JSONDocument(string: invalid))
        #expect(!invalidResult.isValid)
        #expect(invalidResult.issues.allSatisfy { $0.position?.line == 1 })
        let limited = try Validator(schema: ["$ref": "https://json-schema.org/draft/2020-12/schema"],
                                    options: Validator.Options(maxEvaluationDepth: 100))
        let issues = limited.validate(instance).issues
        #expect(issues.contains { $0.message.contains("nested more than 100 levels") })
    }

    @Test func unresolvableReferenceIsACompileError() throws {
        #expect(throws: SchemaError.self) { try validator(##"{"$ref": "http://elsewhere.test/x.json"}"##) }
        do {
            _ = try validator(##"{"properties": {"a": {"$ref": "#/$defs/missing"}}}"##)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("#/$defs/missing"))
        }
    }

    @Test func registryResolvesRemoteDocumentsOnly() throws {
        var registry = SchemaRegistry()
        try registry.register(json: ##"{"$defs": {"port": {"type": "integer", "maximum": 65535}}}"##, uri: "https://schemas.test/common.json")
        let v = try validator(##"{"$id": "https://schemas.test/service.json", "properties": {"port": {"$ref": "common.json#/$defs/port"}}}"##,
                              registry: registry)
        #expect(v.isValid(try JSONDocument(string: ##"{"port": 80}"##).root))
        let result = v.validate(try JSONDocument(string: ##"{"port": 70000}"##).root)
        #expect(result.issues.map(\.absoluteKeywordLocation) == ["https://schemas.test/common.json#/$defs/port/maximum"])
    }

    @Test func formatIsAnnotationUnlessAsserted() throws {
        let schema = try JSONDocument(string: ##"{"format": "date"}"##).root
        let lenient = try Validator(schema: schema)
        let strict = try Validator(schema: schema, options: Validator.Options(assertFormats: true))
        #expect(lenient.isValid(.string("2024-02-30")))
        #expect(!strict.isValid(.string("2024-02-30")))
        #expect(strict.isValid(.string("2024-02-29")))
    }

    @Test func draft7IgnoresRefSiblings() throws {
        let schema = ##"{"definitions": {"s": {"type": "string"}}, "properties": {"a": {"$ref": "#/definitions/s", "maxLength": 1}}}"##
        let d7 = try validator(schema, draft: .draft7)
        let d2020 = try validator(schema.replacingOccurrences(of: "definitions", with: "$defs"))
        let instance = try JSONDocument(string: ##"{"a": "long"}"##).root
        #expect(d7.isValid(instance))
        #expect(!d2020.isValid(instance))
    }

    @Test func schemasValidateAgainstBuiltInMetaSchemas() throws {
        let meta2020 = try validator(##"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"##)
        #expect(meta2020.isValid(try JSONDocument(string: ##"{"type": "object", "minLength": 1}"##).root))
        #expect(!meta2020.isValid(try JSONDocument(string: ##"{"type": "objekt"}"##).root))
        #expect(!meta2020.isValid(try JSONDocument(string: ##"{"properties": {"a": {"minLength": -1}}}"##).root))
        let meta7 = try validator(##"{"$ref": "http://json-schema.org/draft-07/schema#"}"##, draft: .draft7)
        #expect(meta7.isValid(try JSONDocument(string: ##"{"definitions": {"a": {"type": "string"}}}"##).root))
        #expect(!meta7.isValid(try JSONDocument(string: ##"{"required": "a"}"##).root))
    }

    @Test func unevaluatedPropertiesReportsEachProperty() throws {
        let v = try validator(##"{"allOf": [{"properties": {"a": true}}], "unevaluatedProperties": false}"##)
        let result = v.validate(try JSONDocument(string: ##"{"a": 1, "b": 2, "c": 3}"##))
        #expect(result.issues.map(\.instanceLocation) == ["/b", "/c"])
        #expect(result.issues.allSatisfy { $0.keywordLocation == "/unevaluatedProperties" })
    }
}
