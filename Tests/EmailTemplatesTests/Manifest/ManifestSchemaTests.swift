@testable import EmailTemplates
import Foundation
import TestTiers
import Testing

/// The published JSON Schema and the Swift structural check describe the same manifest.
@Suite(.fast) struct ManifestSchemaTests {
    static func schema() throws -> [String: Any] {
        let url = try TestPaths.schemas().appendingPathComponent("template-manifest.schema.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        return try #require(object as? [String: Any])
    }

    static func keys(_ object: Any?) -> Set<String> {
        Set(((object as? [String: Any]) ?? [:]).keys)
    }

    @Test func schemaIsDraft2020_12() throws {
        let schema = try Self.schema()
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["additionalProperties"] as? Bool == false)
    }

    @Test func schemaAndDecoderAgreeOnKeys() throws {
        let schema = try Self.schema()
        let defs = try #require(schema["$defs"] as? [String: Any])
        let template = try #require(defs["template"] as? [String: Any])
        let variable = try #require(defs["variable"] as? [String: Any])
        #expect(Self.keys(schema["properties"]) == ManifestDecoder.rootKeys)
        #expect(Self.keys(template["properties"]) == ManifestDecoder.entryKeys)
        #expect(Set(template["required"] as? [String] ?? []) == ManifestDecoder.entryKeys)
        #expect(Self.keys(variable["properties"]) == ManifestDecoder.variableKeys)
        let typeEnum = try #require((variable["properties"] as? [String: Any])?["type"] as? [String: Any])
        #expect(Set(typeEnum["enum"] as? [String] ?? []) == Set(TemplateVariableType.allCases.map(\.rawValue)))
        let scalar = try #require(defs["scalarType"] as? [String: Any])
        #expect(Set(scalar["enum"] as? [String] ?? []) == Set(TemplateVariableType.allCases.filter(\.isScalar).map(\.rawValue)))
    }

    @Test func exampleManifestPointsAtTheSchema() throws {
        let root = try TestPaths.exampleTemplates()
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("manifest.json")))
        let reference = try #require((object as? [String: Any])?["$schema"] as? String)
        let resolved = root.appendingPathComponent(reference).standardizedFileURL.path
        #expect(FileManager.default.fileExists(atPath: resolved), "$schema \(reference) does not resolve")
    }
}
