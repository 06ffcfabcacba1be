import EmailTemplates
import Foundation
import TestTiers
import Testing
import PipelineBasics

@Suite(.fast) struct TemplateManifestTests {
    static func manifest(entry: String) -> String {
        "{\n  \"version\": 1,\n  \"templates\": [\n" + entry + "\n  ]\n}\n"
    }

    static func issues(_ json: String) throws -> [ManifestIssue] {
        do {
            _ = try TemplateManifest.parse(bytes: Array(json.utf8), path: "m.json")
            Issue.record("expected the manifest to be rejected")
            return []
        } catch {
            guard case .invalid(let path, let issues) = error else {
                Issue.record("expected structural issues, got \(error)")
                return []
            }
            #expect(path == "m.json")
            return issues
        }
    }

    @Test func loadsTheExampleManifest() throws {
        let manifest = try TemplateManifest.load(from: try TestPaths.exampleTemplates().appendingPathComponent("manifest.json"))
        #expect(manifest.version == 1)
        #expect(manifest.templates.count == 12)
        let order = try #require(manifest.templates.first { $0.path == "notifications/order_confirmation.html" })
        let items = try #require(order.variable(named: "items"))
        #expect(items.type == .array)
        #expect(items.fields.map(\.name) == ["name", "quantity", "unit_price", "line_total"])
        #expect(order.variable(named: "shipping_address")?.type == .object)
        #expect(order.variable(named: "discount")?.required == false)
        let updated = try #require(manifest.templates.first { $0.path == "invoices/invoice_updated.html" })
        #expect(updated.variable(named: "changes")?.itemType == .string)
        #expect(order.sample["has_discount"] == .bool(true))
        #expect(order.subject.contains("{{order_number}}"))
    }

    @Test func syntaxErrorsHaveLineAndColumn() throws {
        let json = "{\n  \"version\": 1,\n  \"templates\": [,]\n}"
        do {
            _ = try TemplateManifest.parse(bytes: Array(json.utf8), path: "m.json")
            Issue.record("accepted invalid JSON")
        } catch {
            guard case .syntax(let path, let position, let message) = error else {
                Issue.record("expected a syntax error, got \(error)")
                return
            }
            #expect(path == "m.json")
            #expect(position == location(of: "[,", in: json).map { SourcePosition(line: $0.line, column: $0.column + 1) })
            #expect(message.contains("','"))
            #expect(error.description.hasPrefix("m.json:3:17:"))
        }
    }

    @Test func unterminatedStringAndTrailingGarbage() throws {
        for (json, needle) in [("{\"version\": 1, \"brand\": \"BBWS}", "\"BBWS"), ("{\"version\": 1} x", "x"), ("{\"a\": 01}", "01")] {
            do {
                _ = try TemplateManifest.parse(bytes: Array(json.utf8), path: "m.json")
                Issue.record("accepted \(json)")
            } catch {
                guard case .syntax(_, let position, _) = error else { Issue.record("\(error)"); continue }
                #expect(position == location(of: needle, in: json), "\(json)")
            }
        }
    }

    @Test func aByteOrderMarkShiftsNoColumn() throws {
        let json = "{\"version\": 2, \"templates\": [], \"brand\": 3}"
        for bytes in [Array(json.utf8), [0xEF, 0xBB, 0xBF] + Array(json.utf8)] {
            do {
                _ = try TemplateManifest.parse(bytes: bytes, path: "m.json")
                Issue.record("accepted \(json)")
            } catch {
                guard case .invalid(_, let issues) = error else { Issue.record("\(error)"); continue }
                #expect(issues.map(\.location) == [location(of: "2", in: json), location(of: "[]", in: json), location(of: "3", in: json)])
            }
        }
    }

    @Test func invalidUTF8IsASyntaxError() {
        let bytes = Array("{\"version\": 1, \"brand\": \"caf".utf8) + [0xFF] + Array("\"}".utf8)
        #expect(throws: ManifestError.self) { try TemplateManifest.parse(bytes: bytes, path: "m.json") }
    }

    @Test func reportsEveryStructuralIssueAtItsPosition() throws {
        let entry = """
            {
              "path": "../outside.html",
              "purpose": "Receipt.",
              "subjct": "typo",
              "sender": {"name": "Billing", "email": "billing-at-bbws"},
              "subject": "Receipt {{amount}}",
              "variables": [
                {"name": "amount", "type": "text", "description": "Amount.", "required": true},
                {"name": "count", "type": "integer", "description": "Count.", "required": true},
                {"name": "link", "type": "url", "description": "Link.", "required": true},
                {"name": "count", "type": "string", "description": "Again.", "required": false},
                {"name": "lines", "type": "array", "description": "Lines.", "required": false},
                {"name": "2bad", "type": "string", "description": "Bad name.", "required": false},
                {"name": "when", "type": "date", "description": "Date.", "required": true}
              ],
              "sample": {"count": "two", "link": "http://bbws.example/x", "ghost": 1, "when": "25/11/2026"}
            }
        """
        let json = Self.manifest(entry: entry)
        let issues = try Self.issues(json)
        func expectIssue(at needle: String, pointer: String, containing text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let position = location(of: needle, in: json)
            #expect(issues.contains { $0.location == position && $0.pointer == pointer && $0.message.contains(text) },
                    "no issue \(pointer) at \(needle): \(issues)", sourceLocation: sourceLocation)
        }
        expectIssue(at: "\"../outside.html\"", pointer: "/templates/0/path", containing: "leaves the manifest's folder")
        expectIssue(at: "\"subjct\"", pointer: "/templates/0/subjct", containing: "unknown key")
        expectIssue(at: "{\n      \"path\"", pointer: "/templates/0", containing: "\"trigger\"")
        expectIssue(at: "\"billing-at-bbws\"", pointer: "/templates/0/sender/email", containing: "not an email address")
        expectIssue(at: "\"text\"", pointer: "/templates/0/variables/0/type", containing: "must be one of")
        expectIssue(at: "{\"name\": \"count\", \"type\": \"string\"", pointer: "/templates/0/variables/3/name", containing: "already declared")
        expectIssue(at: "{\"name\": \"lines\"", pointer: "/templates/0/variables/4", containing: "\"fields\"")
        expectIssue(at: "\"2bad\"", pointer: "/templates/0/variables/5/name", containing: "not a valid variable name")
        expectIssue(at: "\"two\"", pointer: "/templates/0/sample/count", containing: "declared \"integer\"")
        expectIssue(at: "\"http://bbws.example/x\"", pointer: "/templates/0/sample/link", containing: "https://")
        expectIssue(at: "\"ghost\"", pointer: "/templates/0/sample/ghost", containing: "not a declared variable")
        expectIssue(at: "\"25/11/2026\"", pointer: "/templates/0/sample/when", containing: "YYYY-MM-DD")
        #expect(issues.count >= 12)
        #expect(issues == issues.sorted { $0.location < $1.location })
    }

    @Test func requiredVariableWithoutSampleAndDuplicateKeys() throws {
        let entry = """
            {
              "path": "a.html", "purpose": "p", "trigger": "t",
              "sender": {"name": "n", "email": "a@bbws.example"},
              "subject": "s", "subject": "again",
              "variables": [{"name": "who", "type": "string", "description": "d", "required": true}],
              "sample": {}
            }
        """
        let json = Self.manifest(entry: entry)
        let issues = try Self.issues(json)
        #expect(issues.contains { $0.location == location(of: "\"subject\": \"again\"", in: json) && $0.message.contains("appears twice") })
        #expect(issues.contains { $0.location == location(of: "{}", in: json) && $0.message.contains("\"who\" has no sample value") })
    }

    @Test func rootMustBeAnObjectWithTemplates() throws {
        let issues = try Self.issues("[]")
        #expect(issues.first?.location == SourcePosition(line: 1, column: 1))
        let empty = try Self.issues("{\"version\": 2, \"templates\": []}")
        #expect(empty.contains { $0.pointer == "/version" })
        #expect(empty.contains { $0.pointer == "/templates" && $0.message.contains("empty") })
    }

    @Test func entriesResolveRelativeToTheManifestFolder() throws {
        let json = Self.manifest(entry: """
            {"path": "receipts/a.html", "purpose": "p", "trigger": "t", "sender": {"name": "n", "email": "a@bbws.example"},
             "subject": "s", "variables": [], "sample": {}}
        """)
        let manifest = try TemplateManifest.parse(bytes: Array(json.utf8), path: "examples/templates/manifest.json")
        #expect(manifest.baseDirectory == "examples/templates")
        #expect(manifest.entry(forTemplateAt: "examples/templates/receipts/a.html")?.path == "receipts/a.html")
        #expect(manifest.entry(forTemplateAt: "examples/templates/./receipts/a.html") != nil)
        #expect(manifest.entry(forTemplateAt: "receipts/a.html") == nil)
        let loose = try TemplateManifest.parse(bytes: Array(json.utf8), path: "manifest.json")
        #expect(loose.entry(forTemplateAt: "receipts/a.html") != nil)
    }

    @Test func errorDescriptionsNameFileAndPosition() throws {
        let error = ManifestError.invalid(path: "t/manifest.json", issues: [
            ManifestIssue(location: SourcePosition(line: 3, column: 7), pointer: "/templates/0/path", message: "fix it"),
        ])
        #expect(error.description.contains("t/manifest.json:3:7: /templates/0/path: fix it"))
        let problem = try #require(error.problems.first)
        #expect(problem.rule == .manifestInvalid)
        #expect(problem.description == "t/manifest.json:3:7: error: /templates/0/path: fix it [manifest.invalid]")
    }
}
