import AWS
import Foundation
import TestTiers
import Testing

@Suite(.fast) struct XMLNodeTests {
    @Test func parsesNamespacesEntitiesCDATAAndComments() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- comment -->
        <s3:ListBucketResult xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/" a='1'>
          <Name>b&amp;c &lt;d&gt; &#233;&#x41;</Name>
          <Contents><Key><![CDATA[x & <y>]]></Key><Size>3</Size></Contents>
          <Contents><Key>z</Key><Empty/></Contents>
        </s3:ListBucketResult>
        """
        let root = try XMLNode.parse(Data(xml.utf8))
        #expect(root.name == "ListBucketResult")
        #expect(root.attributes["a"] == "1")
        #expect(root.string("Name") == "b&c <d> éA")
        #expect(root.children("Contents").map { $0.string("Key") } == ["x & <y>", "z"])
        #expect(root.find("Contents", "Size")?.text == "3")
        #expect(root.descendant("Empty")?.text == "")
    }

    @Test func rejectsMalformedDocuments() {
        #expect(throws: XMLNode.ParseError.self) { try XMLNode.parse(Data("<a><b></a>".utf8)) }
        #expect(throws: XMLNode.ParseError.self) { try XMLNode.parse(Data("<a>".utf8)) }
        #expect(throws: XMLNode.ParseError.self) { try XMLNode.parse(Data("".utf8)) }
        #expect(XMLNode.escape("<a & 'b'>") == "&lt;a &amp; &apos;b&apos;&gt;")
    }

    @Test func attributeValuesRoundTripThroughJSON() throws {
        let item: DynamoDBItem = ["s": "x", "n": 1, "b": .b(Data([1, 2])), "t": true, "z": .null, "m": .m(["k": .l(["v", 2])]),
                                  "ss": .ss(["a"]), "ns": .ns(["1", "2.5"]), "bs": .bs([Data([9])])]
        let data = try JSONEncoder().encode(item)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""NULL":true"#) && text.contains(#""BOOL":true"#) && text.contains(#""B":"AQI=""#))
        #expect(try JSONDecoder().decode(DynamoDBItem.self, from: data) == item)
        #expect(throws: DynamoDBAttributeValue.DecodingError.self) {
            try JSONDecoder().decode(DynamoDBAttributeValue.self, from: Data(#"{"S":"a","N":"1"}"#.utf8))
        }
    }
}
