import Foundation
import PipelineBasics
import TestTiers
import Testing

@testable import JSONSchema

/// Runs the official JSON-Schema-Test-Suite: every required case (outside `optional/`) of
/// draft 2020-12 and draft-07 must pass; the optional score is printed.
@Suite(.fast) struct JSONSchemaTestSuiteTests {
    struct Score {
        var passed = 0
        var total = 0
        var failures: [String] = []
    }

    static func run(files: [URL], suiteRoot: URL, draft: Draft, registry: SchemaRegistry, assertFormats: Bool) throws -> Score {
        var score = Score()
        for file in files {
            let name = String(file.path.dropFirst(suiteRoot.path.count + 1))
            let document = try JSONDocument(bytes: try Data(contentsOf: file))
            for group in document.root.arrayValue ?? [] {
                let groupName = group["description"]?.stringValue ?? "?"
                let tests = group["tests"]?.arrayValue ?? []
                let validator: Validator
                do {
                    validator = try Validator(schema: group["schema"] ?? .bool(true), registry: registry, draft: draft,
                                              options: Validator.Options(assertFormats: assertFormats))
                } catch {
                    score.total += tests.count
                    score.failures.append("\(name) | \(groupName): schema does not compile: \(error)")
                    continue
                }
                for test in tests {
                    score.total += 1
                    let expected = test["valid"]?.boolValue ?? false
                    let data = test["data"] ?? .null
                    let result = validator.validate(data)
                    let fast = validator.isValid(data)
                    if result.isValid == expected && fast == expected {
                        score.passed += 1
                    } else {
                        let detail = result.issues.prefix(3).map(\.description).joined(separator: "; ")
                        score.failures.append("\(name) | \(groupName) | \(test["description"]?.stringValue ?? "?"): expected \(expected ? "valid" : "invalid"), got \(result.isValid ? "valid" : "invalid") \(detail)")
                    }
                }
            }
        }
        return score
    }

    static func runDraft(_ directory: String, _ draft: Draft) throws {
        let suite = try TestData.suite()
        let registry = try TestData.remotesRegistry(suite)
        let tests = suite.appendingPathComponent("tests/\(directory)")
        let required = TestData.files(under: tests, recursive: false)
        try #require(!required.isEmpty, "no test files in \(tests.path)")
        let requiredScore = try run(files: required, suiteRoot: tests, draft: draft, registry: registry, assertFormats: false)
        let optionalDir = tests.appendingPathComponent("optional")
        let optionalFiles = TestData.files(under: optionalDir, recursive: false)
        let formatFiles = TestData.files(under: optionalDir.appendingPathComponent("format"), recursive: false)
        let optional = try run(files: optionalFiles, suiteRoot: tests, draft: draft, registry: registry, assertFormats: false)
        let format = try run(files: formatFiles, suiteRoot: tests, draft: draft, registry: registry, assertFormats: true)
        print("\(directory): \(requiredScore.passed)/\(requiredScore.total) required passed; optional: \(optional.passed + format.passed)/\(optional.total + format.total) (format assertion: \(format.passed)/\(format.total))")
        for failure in (optional.failures + format.failures) where ProcessInfo.processInfo.environment["JSONSCHEMA_SHOW_OPTIONAL"] != nil {
            print("  optional failure: \(failure)")
        }
        #expect(requiredScore.total > 0)
        #expect(requiredScore.failures.isEmpty, "\(requiredScore.failures.count) required case(s) failed:\n\(requiredScore.failures.joined(separator: "\n"))")
    }

    @Test func draft2020_12() throws {
        try Self.runDraft("draft2020-12", .draft2020_12)
    }

    @Test func draft7() throws {
        try Self.runDraft("draft7", .draft7)
    }
}
