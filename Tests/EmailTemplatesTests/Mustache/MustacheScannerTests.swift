@testable import EmailTemplates
import TestTiers
import Testing

@Suite(.fast) struct MustacheScannerTests {
    @Test func findsTagsWithKindsAndNames() {
        let scan = MustacheScanner.scan(SourceText(string: "{{a}} {{{b}}} {{&c}} {{#d}}{{/d}} {{^e}}{{/e}} {{! note }} {{ f.g }} {{upper(h)}}"))
        #expect(scan.problems.isEmpty)
        #expect(scan.tags.map(\.kind) == [.variable, .unescapedVariable, .unescapedVariable, .section, .close,
                                          .invertedSection, .close, .comment, .variable, .variable])
        #expect(scan.tags.map(\.name) == ["a", "b", "c", "d", "d", "e", "e", "note", "f.g", "h"])
    }

    @Test func partialsAreRejected() {
        let scan = MustacheScanner.scan(SourceText(string: "x {{> footer}}"))
        #expect(scan.problems.map(\.rule) == [.mustacheSyntax])
        #expect(scan.problems.first?.offset == 2)
    }

    @Test func agreesWithSwiftMustacheOnValidity() {
        let cases = ["{{a}}", "{{#s}}x{{/s}}", "{{a}", "{{#s}}x", "{{#s}}{{/t}}", "{{a b}}", "{{/s}}", "{{{a}}"]
        for source in cases {
            let ours = MustacheScanner.scan(SourceText(string: source)).problems.filter { $0.rule == .mustacheSyntax }
            let theirs = MustacheSyntax.validate(source)
            #expect(ours.isEmpty == (theirs == nil), "\(source): scanner \(ours.map(\.message)), swift-mustache \(String(describing: theirs))")
        }
    }

    @Test func swiftMustacheErrorsCarryPositions() throws {
        let failure = try #require(MustacheSyntax.validate("line one\n  é {{#a}}x{{/b}}"))
        #expect(failure.line == 2)
        #expect(failure.column > 1)
    }
}
