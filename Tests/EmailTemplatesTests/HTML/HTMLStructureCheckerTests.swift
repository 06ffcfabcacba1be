@testable import EmailTemplates
import PipelineBasics
import TestTiers
import Testing

@Suite(.fast) struct HTMLStructureCheckerTests {
    static func problems(_ html: String) -> [(rule: Diagnostic.Rule, at: SourcePosition)] {
        let text = SourceText(string: html)
        let scan = MustacheScanner.scan(text)
        let (tokens, _) = HTMLTokenizer.tokenize(text, mustacheTags: scan.tags)
        return HTMLStructureChecker.check(tokens, in: text).map { ($0.rule, text.location(of: $0.offset)) }
    }

    @Test func balancedDocumentHasNoProblems() {
        #expect(Self.problems("<table><tr><td><br><img src=\"x\" alt=\"\"/><br/></td></tr></table>").isEmpty)
    }

    @Test func unclosedCellInsideClosedRowIsReportedOnce() {
        let found = Self.problems("<table><tr><td>a</tr></table>")
        #expect(found.count == 1)
        #expect(found.first?.rule == .unclosedElement)
        #expect(found.first?.at == SourcePosition(line: 1, column: 12))
    }

    @Test func misnestingIsReportedAtTheEarlyEndTag() {
        let found = Self.problems("<p><b><i>x</b></i></p>")
        #expect(found.map(\.rule) == [.misnestedElement])
        #expect(found.first?.at == SourcePosition(line: 1, column: 11))
    }

    @Test func sectionsMustContainWholeElements() {
        #expect(Self.problems("<table>{{#rows}}<tr><td>{{x}}</td></tr>{{/rows}}</table>").isEmpty)
        #expect(Self.problems("{{#a}}<b>{{/a}}{{^a}}<i>{{/a}}</b></i>").map(\.rule).contains(.elementCrossesSection))
    }
}
