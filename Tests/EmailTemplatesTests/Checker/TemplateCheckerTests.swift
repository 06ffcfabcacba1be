import EmailTemplates
import Foundation
import TestTiers
import Testing
import PipelineBasics

@Suite(.fast) struct TemplateCheckerTests {
    static func checker() throws -> TemplateChecker {
        TemplateChecker(manifest: try TemplateManifest.parse(bytes: Array(DefectCorpus.manifest.utf8), path: DefectCorpus.manifestPath))
    }

    static let path = "templates/" + DefectCorpus.templatePath

    @Test func acceptsDataCRLFAndABOM() throws {
        let checker = try Self.checker()
        #expect(checker.check(templateAt: Self.path, bytes: Data(DefectCorpus.template.utf8)).isEmpty)
        let crlf = DefectCorpus.template.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(checker.check(templateAt: Self.path, bytes: Array(crlf.utf8)).isEmpty)
        let withBOM = [0xEF, 0xBB, 0xBF] + Array(DefectCorpus.template.replacingOccurrences(of: "<img", with: "<img onload=\"x()\"").utf8)
        let problems = checker.check(templateAt: Self.path, bytes: withBOM)
        #expect(problems.map(\.rule) == [.script])
        #expect(problems.first?.position == location(of: "onload", in: DefectCorpus.template.replacingOccurrences(of: "<img", with: "<img onload=\"x()\"")))
    }

    @Test func reportsAllProblemsOfAFileSorted() throws {
        let template = DefectCorpus.template
            .replacingOccurrences(of: "<html lang=\"en\">", with: "<html>")
            .replacingOccurrences(of: " alt=\"BBWS Customer Portal\"", with: "")
            .replacingOccurrences(of: "width=\"600\"", with: "width=600")
            .replacingOccurrences(of: "View order</a>", with: "View order</a><script>x()</script>")
        let problems = try Self.checker().check(templateAt: Self.path, bytes: Array(template.utf8))
        #expect(problems.map(\.rule) == [.lang, .unquotedAttribute, .imageAlt, .script])
        #expect(problems == problems.sorted())
        #expect(problems.allSatisfy { $0.file == Self.path })
    }

    @Test func problemDescriptionIsCompilerStyle() throws {
        let template = DefectCorpus.template.replacingOccurrences(of: " alt=\"BBWS Customer Portal\"", with: "")
        let problem = try #require(try Self.checker().check(templateAt: Self.path, bytes: Array(template.utf8)).first)
        let position = try #require(location(of: "<img", in: template))
        #expect(problem.description.hasPrefix("\(Self.path):\(position.line):\(position.column): error: <img> has no alt attribute"))
        #expect(problem.description.hasSuffix("[content.img-alt]"))
        #expect(problem.line == position.line && problem.column == position.column)
    }

    @Test func problemsRoundTripThroughJSON() throws {
        let problem = try #require(try Self.checker().check(
            templateAt: Self.path, bytes: Array(DefectCorpus.template.replacingOccurrences(of: " alt=\"BBWS Customer Portal\"", with: "").utf8)).first)
        #expect(problem.severity == .error)
        let data = try JSONEncoder().encode(problem)
        let json = String(decoding: data, as: UTF8.self)
        #expect(json.contains("\"content.img-alt\""))
        #expect(try JSONDecoder().decode(Diagnostic.self, from: data) == problem)
    }

    @Test func sizeLimitIsConfigurable() throws {
        var checker = try Self.checker()
        checker.maximumBytes = 100
        let problems = checker.check(templateAt: Self.path, bytes: Array(DefectCorpus.template.utf8))
        #expect(problems.map(\.rule) == [.fileSize])
        #expect(TemplateChecker.defaultMaximumBytes == 104_448)
    }

    @Test func everyRuleHasASummary() {
        for rule in TemplateRule.allCases {
            #expect(!rule.summary.isEmpty)
            #expect(rule.rawValue.contains("."))
        }
        #expect(Diagnostic.Rule.imageAlt.rawValue == "content.img-alt")
        #expect(Set(TemplateRule.allCases.map(\.rawValue)).count == TemplateRule.allCases.count)
    }
}
