import PipelineBasics
import TestTiers
import Testing

@Suite(.fast) struct LineMapTests {
    @Test func linesStartAfterEachNewline() {
        let map = LineMap(string: "ab\ncd\n\nef")
        #expect(map.lineCount == 4)
        #expect(map.position(ofOffset: 0).description == "1:1")
        #expect(map.position(ofOffset: 2).description == "1:3")
        #expect(map.position(ofOffset: 3).description == "2:1")
        #expect(map.position(ofOffset: 6).description == "3:1")
        #expect(map.position(ofOffset: 8).description == "4:2")
        #expect(map.offset(ofLine: 4) == 7)
        #expect([0, 2, 3, 5, 6, 7, 9, 99].map(map.line(ofOffset:)) == [1, 1, 2, 2, 3, 4, 4, 4])
        #expect(map.offset(ofLine: 5) == nil)
    }

    @Test func columnsCountUnicodeScalars() {
        // "é" is two bytes, "😀" four: the byte after each is one column on.
        let map = LineMap(string: "é😀x")
        #expect(map.position(ofOffset: 2).column == 2)
        #expect(map.position(ofOffset: 6).column == 3)
        #expect(map.position(ofOffset: 6).offset == 6)
    }

    @Test func anOffsetInsideAScalarBelongsToIt() {
        let map = LineMap(string: "a😀b")
        for offset in 1...4 { #expect(map.position(ofOffset: offset).column == 2, "offset \(offset)") }
        #expect(map.position(ofOffset: 5).column == 3)
    }

    @Test func aStrayContinuationByteIsAColumnOfItsOwn() {
        let map = LineMap(bytes: [0x61, 0x62, 0x80, 0x63])
        #expect(map.position(ofOffset: 2).column == 3)
        #expect(map.position(ofOffset: 3).column == 4)
    }

    @Test func anIllFormedSequenceIsOneColumn() {
        // E2 82 is a truncated three-byte sequence: one U+FFFD, so one column.
        let map = LineMap(bytes: [0x61, 0xE2, 0x82, 0x63])
        #expect(map.position(ofOffset: 1).column == 2)
        #expect(map.position(ofOffset: 2).column == 2)
        #expect(map.position(ofOffset: 3).column == 3)
    }

    @Test func aByteOrderMarkIsAColumnUnlessSkipped() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("ab\nc".utf8)
        let skipping = LineMap(bytes: bytes, skippingByteOrderMark: true)
        #expect(skipping.position(ofOffset: 0).description == "1:1")
        #expect(skipping.position(ofOffset: 3).description == "1:1")
        #expect(skipping.position(ofOffset: 4).description == "1:2")
        #expect(skipping.position(ofOffset: 4).offset == 4)
        #expect(skipping.position(ofOffset: 6).description == "2:1")
        #expect(LineMap(bytes: bytes).position(ofOffset: 3).description == "1:2")
        #expect(LineMap(bytes: [0xEF, 0xBB], skippingByteOrderMark: true).position(ofOffset: 2).description == "1:2")
    }

    @Test func offsetsAreClampedToTheSource() {
        let map = LineMap(string: "ab\nc")
        #expect(map.position(ofOffset: -5).description == "1:1")
        #expect(map.position(ofOffset: 99).description == "2:2")
        #expect(LineMap(bytes: []).position(ofOffset: 0).description == "1:1")
    }

    @Test func positionsCompareByLineAndColumn() {
        #expect(SourcePosition(line: 2, column: 1) > SourcePosition(line: 1, column: 9))
        #expect(SourcePosition(line: 3, column: 4, offset: 20) == SourcePosition(line: 3, column: 4))
    }
}
