import EmailTemplates
import Foundation
import TestTiers
import Testing
import PipelineBasics

/// Reading templates from a real folder: relative naming, extra and missing files, and a
/// missing or broken manifest.
@Suite(.fast) struct TemplateCheckerDiskTests {
    static func makeFolder(manifest: String?, files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("email-templates-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if let manifest { try Data(manifest.utf8).write(to: root.appendingPathComponent("manifest.json")) }
        return root
    }

    @Test func checksAFolderNamingFilesRelativeToIt() throws {
        let root = try Self.makeFolder(manifest: DefectCorpus.manifest, files: [
            DefectCorpus.templatePath: DefectCorpus.template,
            "notifications/stray.html": DefectCorpus.template,
            "notes.txt": "not a template",
            ".hidden/x.html": "<p>",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = TemplateChecker.checkDirectory(root)
        #expect(report.templatesChecked == 2)
        #expect(report.problems.map(\.rule) == [.missingManifestEntry])
        #expect(report.problems.first?.file == "notifications/stray.html")
        #expect(report.description.hasSuffix("2 template(s) checked against 1 manifest entry: 1 problem(s) in 1 file(s)"))
    }

    @Test func instanceCheckUsesTheManifestsOwnPath() throws {
        let root = try Self.makeFolder(manifest: DefectCorpus.manifest, files: [:])
        defer { try? FileManager.default.removeItem(at: root) }
        let manifest = try TemplateManifest.load(from: root.appendingPathComponent("manifest.json"))
        let report = TemplateChecker(manifest: manifest).checkAll(root: root)
        #expect(report.templatesChecked == 0)
        let problem = try #require(report.problems.first)
        #expect(problem.rule == .missingTemplateFile)
        #expect(problem.file == root.appendingPathComponent("manifest.json").path)
    }

    @Test func missingManifestStillChecksTemplates() throws {
        let root = try Self.makeFolder(manifest: nil, files: ["a.html": "<p>unclosed"])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = TemplateChecker.checkDirectory(root)
        let rules = Set(report.problems.map(\.rule))
        #expect(rules.contains(.manifestInvalid))
        #expect(rules.contains(.unclosedElement))
        #expect(rules.contains(.doctype))
        #expect(!rules.contains(.missingManifestEntry))
        #expect(report.manifestEntries == 0)
    }

    @Test func brokenManifestIsReportedWithPosition() throws {
        let root = try Self.makeFolder(manifest: "{\n  \"version\": 1,\n  \"templates\": 3\n}", files: [:])
        defer { try? FileManager.default.removeItem(at: root) }
        let report = TemplateChecker.checkDirectory(root)
        let problem = try #require(report.problems.first)
        #expect(problem.file == "manifest.json")
        #expect(problem.position == SourcePosition(line: 3, column: 16))
        #expect(problem.rule == .manifestInvalid)
    }

    @Test func reportCountsByRule() throws {
        let report = TemplateReport(templatesChecked: 1, manifestEntries: 1, problems: [
            Diagnostic(message: "m", file: "b.html", position: SourcePosition(line: 2, column: 1), rule: .script),
            Diagnostic(message: "m", file: "a.html", position: SourcePosition(line: 9, column: 1), rule: .script),
            Diagnostic(message: "m", file: "a.html", position: SourcePosition(line: 1, column: 4), rule: .imageAlt),
        ])
        #expect(report.problems.map(\.file) == ["a.html", "a.html", "b.html"])
        #expect(report.problems.first?.rule == .imageAlt)
        #expect(report.countsByRule == [.script: 2, .imageAlt: 1])
        #expect(report.problems(in: "a.html").count == 2)
        #expect(!report.isClean)
    }
}
