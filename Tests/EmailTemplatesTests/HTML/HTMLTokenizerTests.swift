@testable import EmailTemplates
import PipelineBasics
import TestTiers
import Testing

@Suite(.fast) struct HTMLTokenizerTests {
    static func tokenize(_ html: String) -> (text: SourceText, tokens: [HTMLToken], problems: [HTMLTokenizer.Problem]) {
        let text = SourceText(string: html)
        let scan = MustacheScanner.scan(text)
        let (tokens, problems) = HTMLTokenizer.tokenize(text, mustacheTags: scan.tags)
        return (text, tokens, problems)
    }

    static func startTags(_ tokens: [HTMLToken]) -> [HTMLStartTag] {
        tokens.compactMap { if case .startTag(let tag) = $0 { tag } else { nil } }
    }

    @Test func mustacheInsideAttributesDoesNotConfuseTags() throws {
        let html = #"<a href="{{url}}" title="{{! a "quoted" > comment }}x" {{#flag}}class="on"{{/flag}}>Go</a>"#
        let (_, tokens, problems) = Self.tokenize(html)
        #expect(problems.isEmpty, "\(problems.map(\.message))")
        let tag = try #require(Self.startTags(tokens).first)
        #expect(tag.name == "a")
        #expect(tag.attribute("href")?.value == "{{url}}")
        #expect(tag.attribute("title")?.value == #"{{! a "quoted" > comment }}x"#)
        #expect(tag.attribute("class")?.value == "on")
        guard case .endTag(let name, _) = tokens.last else { Issue.record("no end tag"); return }
        #expect(name == "a")
    }

    @Test func mustacheInTextIsOneToken() throws {
        let (_, tokens, problems) = Self.tokenize("<p>{{<parent}} a < b {{name}}</p>")
        let mustache = tokens.compactMap { if case .mustache(let tag) = $0 { tag.expression } else { nil } }
        #expect(mustache == ["parent", "name"])
        #expect(problems.map(\.rule) == [.malformedTag])  // only the bare '<' in "a < b"
    }

    @Test func styleIsRawText() throws {
        let css = "a > b { color: red; } /* </p> */"
        let (text, tokens, problems) = Self.tokenize("<style>\(css)</style>")
        #expect(problems.isEmpty)
        guard tokens.count == 3, case .text(let range) = tokens[1], case .endTag("style", _) = tokens[2] else {
            Issue.record("unexpected tokens \(tokens)")
            return
        }
        #expect(text.string(range) == css)
    }

    @Test func attributesKeepPositionsAndQuotes() throws {
        let html = "<td\n  width=\"600\" nowrap data-x='1'>"
        let (text, tokens, _) = Self.tokenize(html)
        let tag = try #require(Self.startTags(tokens).first)
        let width = try #require(tag.attribute("width"))
        #expect(text.location(of: width.nameOffset) == SourcePosition(line: 2, column: 3))
        #expect(text.location(of: try #require(width.valueOffset)) == SourcePosition(line: 2, column: 10))
        #expect(width.quote == .double)
        #expect(tag.attribute("nowrap")?.value == nil)
        #expect(tag.attribute("data-x")?.quote == .single)
    }

    @Test func characterReferences() {
        let valid = Self.tokenize("<p>&amp; &nbsp; &#169; &#xA9; &zwnj; a & b</p>")
        #expect(valid.problems.isEmpty, "\(valid.problems.map(\.message))")
        let invalid = Self.tokenize("<p>&#0; &#xD800; &#; &notanentity; &#65</p>")
        #expect(invalid.problems.count == 5)
        #expect(invalid.problems.allSatisfy { $0.rule == .characterReference })
        // In attributes a legacy name without ';' is a URL query, not an error.
        #expect(Self.tokenize(#"<a href="https://x.example/?a=1&copy=2">x</a>"#).problems.isEmpty)
    }

    @Test func columnsCountUnicodeScalars() {
        let text = SourceText(string: "é😀<b>\nx")
        #expect(text.location(of: 2) == SourcePosition(line: 1, column: 3))
        #expect(text.location(of: 6) == SourcePosition(line: 2, column: 1))
    }

    @Test func invalidUTF8IsReplacedAndLocated() {
        let text = SourceText(bytes: Array("ab\nc".utf8) + [0xC3, 0x28] + Array("d".utf8))
        #expect(text.invalidSequences.count == 1)
        #expect(text.location(ofByte: 4) == SourcePosition(line: 2, column: 2))
        #expect(text.scalars.contains("\u{FFFD}"))
    }

    @Test func aTruncatedSequenceIsOneReplacementAndOneColumn() {
        // E2 82 starts a three-byte scalar and stops: one U+FFFD, then "x" in column 3.
        let text = SourceText(bytes: Array("a".utf8) + [0xE2, 0x82] + Array("x".utf8))
        #expect(text.scalars == ["a", "\u{FFFD}", "x"])
        #expect(text.invalidSequences == [UTF8Check.InvalidSequence(offset: 1, length: 2)])
        #expect(text.location(of: 2) == SourcePosition(line: 1, column: 3))
        #expect(text.location(ofByte: 2) == SourcePosition(line: 1, column: 2))
        #expect(text.scalarOffset(ofByte: 2) == 1)
        #expect(text.scalarOffset(ofByte: 3) == 2)
    }

    @Test func locationsAgreeWithTheLineMap() {
        let samples: [[UInt8]] = [
            Array("é😀<b>\nx\r\n\ny".utf8), [0xEF, 0xBB, 0xBF] + Array("a\nb".utf8), [0x61, 0xE2, 0x82, 0x0A, 0xFF, 0x62, 0xC3],
            [0xEF, 0xBB, 0xBF], [0xEF, 0xBB], [], Array("\n\n".utf8),
        ]
        for bytes in samples {
            let text = SourceText(bytes: bytes)
            let map = LineMap(bytes: bytes, skippingByteOrderMark: true)
            for offset in 0...text.count {
                #expect(text.location(of: offset) == map.position(ofOffset: text.byteOffset(of: offset)), "\(bytes) at \(offset)")
            }
            for byte in 0...bytes.count {
                #expect(text.location(ofByte: byte) == map.position(ofOffset: byte), "\(bytes) at byte \(byte)")
            }
        }
    }

    @Test func aByteOrderMarkIsNeitherAScalarNorAColumn() {
        let text = SourceText(bytes: [0xEF, 0xBB, 0xBF] + Array("<p>\né".utf8))
        #expect(text.scalars.first == "<")
        #expect(text.location(of: 0) == SourcePosition(line: 1, column: 1))
        #expect(text.location(of: 1).offset == 4)
        #expect(text.location(ofByte: 0) == SourcePosition(line: 1, column: 1))
        #expect(text.location(of: text.count) == SourcePosition(line: 2, column: 2))
        #expect(text.scalarOffset(ofByte: 3) == 0)
        #expect(text.byteOffset(of: text.count) == 9)
    }

    @Test func conditionalCommentsAreComments() {
        let html = "<!--[if mso]><table><tr><td><![endif]--><p>x</p>"
        let (_, tokens, problems) = Self.tokenize(html)
        #expect(problems.isEmpty)
        #expect(Self.startTags(tokens).map(\.name) == ["p"])
    }
}
