import Foundation
import PipelineBasics
import TestTiers
import Testing

@Suite(.fast) struct JSONStringTests {
    @Test func standardEscapesOnlyWhatJSONRequires() {
        #expect(JSONString.quoted("a\"b\\c/d") == #""a\"b\\c/d""#)
        #expect(JSONString.escaped("line\nnext\r\ttab") == #"line\nnext\r\ttab"#)
        #expect(JSONString.escaped("\u{08}\u{0C}\u{1B}\u{00}") == #"\u0008\u000c\u001b\u0000"#)
        #expect(JSONString.escaped("café ☃ 😀") == "café ☃ 😀")
    }

    @Test func stylesMatchOtherEncoders() {
        #expect(JSONString.escaped("a/b", style: .init(escapesSlashes: true)) == #"a\/b"#)
        // Python's ensure_ascii: UTF-16 code units, DEL included.
        #expect(JSONString.escaped("é😀\u{7F}~", style: .init(asciiOnly: true)) == #"\u00e9\ud83d\ude00\u007f~"#)
        #expect(JSONString.escaped("\u{08}\u{0C}", style: .init(shortBackspaceAndFormFeed: true)) == #"\b\f"#)
    }

    @Test func everyStyleDecodesBackToTheText() throws {
        let text = "q\"\\/\n\u{08}\u{0C}\u{01}é😀\u{2028}"
        for slashes in [false, true] {
            for ascii in [false, true] {
                for short in [false, true] {
                    let literal = JSONString.quoted(text, style: .init(escapesSlashes: slashes, asciiOnly: ascii, shortBackspaceAndFormFeed: short))
                    let decoded = try JSONDecoder().decode(String.self, from: Data(literal.utf8))
                    #expect(decoded == text, "slashes \(slashes), ascii \(ascii), short \(short): \(literal)")
                }
            }
        }
    }
}
