import EmailTemplates
import Foundation
import TestTiers
import Testing
import PipelineBasics

/// Each one-defect variant of the corpus template is reported with the right file, line,
/// column and rule; the unmodified template is clean.
@Suite(.fast) struct DefectCorpusTests {
    static func run(template: String, manifest: String, bytes: [UInt8], extraFiles: [String] = []) -> TemplateReport {
        var files = [TemplateFile(path: "templates/" + DefectCorpus.templatePath, bytes: bytes)]
        for extra in extraFiles { files.append(TemplateFile(path: "templates/" + extra, bytes: Array(template.utf8))) }
        return TemplateChecker.checkRepository(manifestPath: DefectCorpus.manifestPath, manifestBytes: Array(manifest.utf8), files: files)
    }

    @Test func baseTemplateIsClean() {
        let report = Self.run(template: DefectCorpus.template, manifest: DefectCorpus.manifest, bytes: Array(DefectCorpus.template.utf8))
        #expect(report.isClean, "\(report)")
        #expect(report.templatesChecked == 1)
    }

    @Test func corpusCoversEveryRule() {
        let covered = Set(DefectCorpus.defects.map(\.rule))
        let uncovered = Set(TemplateRule.allCases).subtracting(covered).subtracting([.manifestInvalid])
        #expect(uncovered.isEmpty, "rules without a defect in the corpus: \(uncovered.map(\.rawValue).sorted())")
    }

    @Test(arguments: DefectCorpus.defects)
    func defectIsReportedAtItsPosition(_ defect: DefectCorpus.Defect) throws {
        let template = defect.template(DefectCorpus.template)
        let manifest = defect.manifest(DefectCorpus.manifest)
        let report = Self.run(template: template, manifest: manifest, bytes: defect.bytes(template), extraFiles: defect.extraFiles)

        let templateFile = "templates/" + DefectCorpus.templatePath
        let file: String
        let position: SourcePosition
        switch defect.anchor {
        case .template(let needle, let occurrence, let plus):
            file = templateFile
            let found = try #require(location(of: needle, in: template, occurrence: occurrence))
            position = SourcePosition(line: found.line, column: found.column + plus)
        case .manifest(let needle, let plus):
            file = DefectCorpus.manifestPath
            let found = try #require(location(of: needle, in: manifest))
            position = SourcePosition(line: found.line, column: found.column + plus)
        case .templateStart:
            file = templateFile
            position = SourcePosition(line: 1, column: 1)
        case .fileStart(let path):
            file = "templates/" + path
            position = SourcePosition(line: 1, column: 1)
        case .templateByte(let offset):
            file = templateFile
            let prefix = String(decoding: defect.bytes(template).prefix(offset), as: UTF8.self)
            let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
            position = SourcePosition(line: lines.count, column: lines.last!.unicodeScalars.count + 1)
        case .rendered(let needle):
            file = templateFile
            let parsed = try TemplateManifest.parse(bytes: Array(manifest.utf8), path: DefectCorpus.manifestPath)
            let entry = try #require(parsed.templates.first)
            let rendered = try TemplateRenderer.render(template, with: entry.sample)
            position = try #require(location(of: needle, in: rendered))
        }

        let matching = report.problems.filter { $0.rule == defect.rule && $0.file == file }
        #expect(matching.contains { $0.position == position },
                "expected \(defect.rule.rawValue) at \(file):\(position); got:\n\(report)")
        #expect(matching.count == 1, "one defect, one \(defect.rule.rawValue) problem: \(matching)")
        let unexpected = report.problems.filter { problem in
            problem.rule != defect.rule && !(problem.rule.map { defect.alsoAllowed.contains($0) } ?? false)
        }
        #expect(unexpected.isEmpty, "problems other than \(defect.rule.rawValue): \(unexpected)")
        for problem in report.problems {
            #expect(!problem.message.isEmpty)
        }
    }
}
