import Foundation
import PipelineBasics
import TestTiers
import Testing

@Suite(.fast) struct DiagnosticTests {
    static let gsiLimit = Diagnostic.Rule("table.gsi-limit", summary: "at most 20 global secondary indexes")

    @Test func formattedLeavesOutWhatIsUnknown() {
        let full = Diagnostic(severity: .warning, message: "too many", file: "t.json", line: 3, column: 7, rule: Self.gsiLimit)
        #expect(full.formatted == "t.json:3:7: warning: too many [table.gsi-limit]")
        #expect(Diagnostic(message: "bad name", file: "p.swift", line: 9).formatted == "p.swift:9: error: bad name")
        #expect(Diagnostic(severity: .note, message: "fyi").formatted == "note: fyi")
        #expect(Diagnostic(message: "x", file: "f", position: SourcePosition(line: 2, column: 5)).description == "f:2:5: error: x")
    }

    @Test func rulesAreEqualByIdAndNameTheirArea() {
        #expect(Diagnostic.Rule(rawValue: "table.gsi-limit") == Self.gsiLimit)
        #expect(Self.gsiLimit.area == "table")
        #expect(Self.gsiLimit.summary == "at most 20 global secondary indexes")
    }

    @Test func jsonIsFlatAndRoundTrips() throws {
        let diagnostic = Diagnostic(severity: .note, message: "new index", file: "t.json", line: 4, column: 2, rule: Self.gsiLimit)
        let data = try JSONEncoder().encode(diagnostic)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["severity"] as? String == "note")
        #expect(object["rule"] as? String == "table.gsi-limit")
        #expect(object["line"] as? Int == 4)
        #expect(try JSONDecoder().decode(Diagnostic.self, from: data) == diagnostic)
        let bare = try JSONDecoder().decode(Diagnostic.self, from: Data(#"{"message":"m"}"#.utf8))
        #expect(bare == Diagnostic(message: "m"))
    }

    @Test func sortingGoesByFileLineAndColumn() {
        let a = Diagnostic(message: "a", file: "a.json", line: 2, column: 1)
        let b = Diagnostic(message: "b", file: "a.json", line: 10, column: 1)
        let c = Diagnostic(message: "c", file: "b.json", line: 1, column: 1)
        #expect([c, b, a].sorted() == [a, b, c])
    }
}
