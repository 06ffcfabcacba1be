import Foundation
import PipelineBasics
import TestTiers
import Testing

@testable import JSONSchema

@Suite(.fast) struct JSONParserTests {
    @Test func positionsOfEveryValue() throws {
        let text = """
            {
              "a": [1, 2.5, "x"],
              "b": {"c": null, "é": true},
              "d": "héllo"
            }
            """
        let doc = try JSONDocument(string: text)
        #expect(doc.position(ofPointer: "")?.description == "1:1")
        #expect(doc.position(ofPointer: "/a")?.description == "2:8")
        #expect(doc.position(ofPointer: "/a/1")?.description == "2:12")
        #expect(doc.position(ofPointer: "/a/2")?.description == "2:17")
        #expect(doc.position(ofPointer: "/b/c")?.description == "3:14")
        // Columns count Unicode scalars, offsets count bytes.
        let e = try #require(doc.position(ofPointer: "/b/é"))
        #expect(e.line == 3 && e.column == 25)
        #expect(e.offset == Array(text.utf8).firstIndex(of: UInt8(ascii: "t")))
        #expect(doc.position(ofPointer: "/d")?.description == "4:8")
        #expect(doc.position(ofPointer: "/missing") == nil)
        #expect(doc.position(ofPointer: "/a/3") == nil)
    }

    @Test func positionsOfKeys() throws {
        let text = """
            {
              "a": [1, {"é": 2}],
              "b" : {"c": null}
            }
            """
        let doc = try JSONDocument(string: text)
        #expect(doc.keyPosition(ofPointer: "/a")?.description == "2:3")
        #expect(doc.keyPosition(ofPointer: "/a/1/é")?.description == "2:13")
        #expect(doc.keyPosition(ofPointer: "/b")?.description == "3:3")
        #expect(doc.keyPosition(ofPointer: "/b/c")?.description == "3:10")
        #expect(doc.keyOffset(of: JSONPointer(tokens: ["b"])) == Array(text.utf8).firstIndex(of: UInt8(ascii: "b")).map { $0 - 1 })
        // The root and array elements have no key; missing members have none either.
        #expect(doc.keyPosition(ofPointer: "") == nil)
        #expect(doc.keyPosition(ofPointer: "/a/0") == nil)
        #expect(doc.keyPosition(ofPointer: "/missing") == nil)
        #expect(doc.position(ofPointer: "/b/c")?.description == "3:15")
    }

    @Test func duplicateKeysAreRejectedOrCollected() throws {
        let text = """
            {"a": 1, "b": {"x": [1, 2], "y": 3, "x": {"deep": true}}, "a": [9], "c": "last"}
            """
        #expect(throws: JSONParseError.self) { try JSONDocument(string: text) }
        let doc = try JSONDocument(string: text, duplicateKeys: .collect)
        #expect(doc.duplicateKeys.map(\.key) == ["x", "a"])
        #expect(doc.duplicateKeys.map(\.position.description) == ["1:37", "1:59"])
        #expect(doc.duplicateKeys.map(\.firstPosition.description) == ["1:16", "1:2"])
        // The first member stays; the positions of everything after a dropped one are intact.
        #expect(doc.root["a"] == 1)
        #expect(doc.root["b"]?["x"] == [1, 2])
        #expect(doc.root.objectValue?.keys == ["a", "b", "c"])
        #expect(doc.root["b"]?.objectValue?.keys == ["x", "y"])
        #expect(doc.position(ofPointer: "/c")?.description == "1:74")
        #expect(doc.keyPosition(ofPointer: "/c")?.description == "1:69")
        #expect(doc.position(ofPointer: "/b/y")?.description == "1:34")
        #expect(try JSONDocument(string: #"{"a": 1}"#).duplicateKeys.isEmpty)
        // A large object (indexed by a dictionary while parsing) collects the same way.
        let members = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        let large = try JSONDocument(string: "{\(members), \"k3\": 99, \"z\": 1}", duplicateKeys: .collect)
        #expect(large.duplicateKeys.map(\.key) == ["k3"])
        #expect(large.root["k3"] == 3)
        #expect(large.position(ofPointer: "/z") != nil)
    }

    @Test func anUnterminatedStringSaysWhereItOpened() {
        for text in ["[\"ab", "[\"a\\nb", "[\"a\\"] {
            do {
                _ = try JSONDocument(string: text)
                Issue.record("\(text.debugDescription) parsed")
            } catch {
                guard case .unterminatedString(let open, let end) = error else {
                    Issue.record("expected unterminatedString, got \(error)")
                    continue
                }
                #expect(open.description == "1:2", "\(text.debugDescription)")
                #expect(end.column == text.unicodeScalars.count + 1, "\(text.debugDescription)")
                #expect(error.position == end)
                #expect(error.message.contains("close the string opened at offset 1"))
            }
        }
    }

    @Test func preservesKeyOrderAndNumbers() throws {
        let doc = try JSONDocument(string: #"{"z": 1, "a": 1.0, "m": 1e2, "f": 0.1, "big": 123456789012345678901234567890, "neg": -0}"#)
        let object = try #require(doc.root.objectValue)
        #expect(object.keys == ["z", "a", "m", "f", "big", "neg"])
        #expect(object["z"] == object["a"])
        #expect(object["a"]?.numberValue == .int(1))
        #expect(object["m"]?.numberValue == .int(100))
        #expect(object["f"]?.numberValue == .double(0.1))
        #expect(object["big"]?.numberValue?.isInteger == true)
        #expect(object["neg"]?.numberValue == .int(0))
        #expect(JSONNumber.double(0.0075).isMultiple(of: .double(0.0001)))
        #expect(!JSONNumber.double(0.00751).isMultiple(of: .double(0.0001)))
        #expect(JSONNumber.int(10).isMultiple(of: .int(5)))
    }

    @Test func stringEscapes() throws {
        let doc = try JSONDocument(string: #"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\ud83d\ude00", "plain"]"#)
        let a = try #require(doc.root.arrayValue)
        #expect(a[0] == .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        #expect(a[1] == .string("é😀"))
    }

    /// Each malformed text, with the expected line, column and a fragment of the message.
    @Test(arguments: [
        ("", 1, 1, "unexpected end of input: expected a JSON value"),
        ("{\"a\": 1,}", 1, 9, "property name in double quotes"),
        ("[1, 2,]", 1, 7, "no trailing comma"),
        ("{\"a\" 1}", 1, 6, "expected ':'"),
        ("{\n  \"a\": tru\n}", 2, 11, "'true'"),
        ("[01]", 1, 2, "leading zeros"),
        ("[1.]", 1, 4, "digit after the decimal point"),
        ("[-]", 1, 3, "digit after '-'"),
        ("\"abc", 1, 5, "close the string"),
        ("\"a\tb\"", 1, 3, "control character"),
        ("\"\\x\"", 1, 2, "not a JSON escape"),
        ("\"\\ud800\"", 1, 2, "unpaired high surrogate"),
        ("{} {}", 1, 4, "after the end of the JSON value"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\""),
        ("[1 2]", 1, 4, "',' or ']'"),
        ("{'a': 1}", 1, 2, "character '''"),
    ])
    func malformedInput(text: String, line: Int, column: Int, message: String) {
        do {
            _ = try JSONDocument(string: text)
            Issue.record("\(text.debugDescription) parsed, expected an error")
        } catch {
            #expect(error.position.line == line, "\(text.debugDescription): \(error)")
            #expect(error.position.column == column, "\(text.debugDescription): \(error)")
            #expect(error.message.contains(message), "\(text.debugDescription): \(error)")
            #expect(error.description.hasPrefix("line \(line), column \(column): "))
        }
    }

    @Test(arguments: [
        ([0x22, 0x61, 0xFF, 0x22] as [UInt8], 1, 3),  // 0xFF never valid
        ([0x0A, 0x22, 0xC3, 0x28, 0x22] as [UInt8], 2, 2),  // bad continuation byte
        ([0x22, 0xE0, 0x80, 0x80, 0x22] as [UInt8], 1, 2),  // overlong encoding
        ([0x22, 0xED, 0xA0, 0x80, 0x22] as [UInt8], 1, 2),  // UTF-16 surrogate encoded in UTF-8
        ([0x5B, 0x31, 0x2C, 0xC0, 0x5D] as [UInt8], 1, 4),  // invalid byte outside a string
    ])
    func invalidUTF8(bytes: [UInt8], line: Int, column: Int) {
        do {
            _ = try JSONDocument(bytes: bytes)
            Issue.record("\(bytes) parsed, expected invalid UTF-8")
        } catch {
            guard case .invalidUTF8(let at) = error else {
                Issue.record("expected invalidUTF8, got \(error)")
                return
            }
            #expect(at.line == line && at.column == column, "\(error)")
            #expect(error.description.contains("UTF-8"))
        }
    }

    @Test func nestingDepthIsBounded() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONDocument(string: ok) }
        let deep = String(repeating: "[", count: 100_000)
        do {
            _ = try JSONDocument(string: deep)
            Issue.record("100000 nested arrays parsed")
        } catch {
            guard case .nestingTooDeep(let limit, let at) = error else {
                Issue.record("expected nestingTooDeep, got \(error)")
                return
            }
            #expect(limit == 512)
            #expect(at.column == 513)
        }
        let custom = try JSONParser(maxDepth: 3).parse(string: "[[[]]]")
        #expect(custom.root == .array([.array([.array([])])]))
        #expect(throws: JSONParseError.self) { try JSONParser(maxDepth: 3).parse(string: "[[[[]]]]") }
    }

    @Test func fiftyMegabyteFile() throws {
        // ~50 MB: an array of records, each on its own line.
        var text = "[\n"
        let record = #"{"pk": "TENANT#%d", "sk": "ORDER#%d", "amount": %d.25, "active": true, "tags": ["a", "b", "c"], "note": "ünïcødé text"}"#
        var n = 0
        text.reserveCapacity(52_000_000)
        while text.utf8.count < 50_000_000 {
            if n > 0 { text += ",\n" }
            text += String(format: record, n, n, n)
            n += 1
        }
        text += "\n]\n"
        let start = Date()
        let doc = try JSONDocument(string: text)
        let elapsed = Date().timeIntervalSince(start)
        let items = try #require(doc.root.arrayValue)
        #expect(items.count == n)
        #expect(items[n - 1]["pk"] == .string("TENANT#\(n - 1)"))
        let last = try #require(doc.position(ofPointer: "/\(n - 1)/amount"))
        #expect(last.line == n + 1)
        #expect(elapsed < 60, "parsing 50 MB took \(elapsed) s")
    }

    @Test func serialisationRoundTrips() throws {
        let text = #"{"a":[1,2.5,"x\"y",null,true],"b":{"c":{}}}"#
        let doc = try JSONDocument(string: text)
        #expect(doc.root.jsonText == text)
        #expect(try JSONDocument(string: doc.root.jsonText).root == doc.root)
    }
}
