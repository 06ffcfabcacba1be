import PipelineBasics
import Testing

@Suite struct LineMapTests {
    @Test func linesStartAfterEachNewline() {
        let map = LineMap(string: "ab\ncd\n\nef")
        #expect(map.lineCount == 4)
        #expect(map.position(ofOffset: 0).description == "1:1")
        #expect(map.position(ofOffset: 2).description == "1:3")
        #expect(map.position(ofOffset: 3).description == "2:1")
        #expect(map.position(ofOffset: 6).description == "3:1")
        #expect(map.position(ofOffset: 8).description == "4:2")
        #expect(map.offset(ofLine: 4) == 7)
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
