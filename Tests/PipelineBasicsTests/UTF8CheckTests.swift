import PipelineBasics
import TestTiers
import Testing

@Suite(.fast) struct UTF8CheckTests {
    @Test func validTextHasNoInvalidSequence() {
        #expect(UTF8Check.firstInvalidSequence(in: Array("héllo 😀\n".utf8)) == nil)
        #expect(UTF8Check.invalidSequences(in: Array("plain".utf8)).isEmpty)
        #expect(UTF8Check.firstInvalidPosition(in: Array("ok".utf8)) == nil)
    }

    @Test(arguments: [
        ([0x61, 0xFF, 0x62], 1, 1),          // a byte that never starts a sequence
        ([0x61, 0xC0, 0xAF], 1, 1),          // overlong encoding of '/'
        ([0xED, 0xA0, 0x80], 0, 1),          // a UTF-16 surrogate
        ([0x61, 0x62, 0xE2, 0x82], 2, 2),    // truncated at the end
        ([0xF4, 0x90, 0x80, 0x80], 0, 1),    // above U+10FFFF
    ] as [([UInt8], Int, Int)])
    func illFormedSequencesAreFound(bytes: [UInt8], offset: Int, length: Int) {
        let found = UTF8Check.firstInvalidSequence(in: bytes)
        #expect(found == UTF8Check.InvalidSequence(offset: offset, length: length))
    }

    @Test func everyInvalidSequenceIsListedInOrder() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xC3, 0x63, 0x80]
        #expect(UTF8Check.invalidSequences(in: bytes).map(\.offset) == [1, 3, 5])
    }

    @Test func thePositionOfTheFirstInvalidByteIsItsLineAndColumn() throws {
        let bytes = Array("line one\n  é x".utf8) + [0xFE] + Array(" y".utf8)
        let position = try #require(UTF8Check.firstInvalidPosition(in: bytes))
        #expect(position.description == "2:6")  // "  é x" is five scalars
        #expect(position.offset == bytes.count - 3)
    }

    @Test func sequenceLengthAgreesWithTheStandardLibrary() {
        let samples: [[UInt8]] = [Array("a".utf8), Array("é".utf8), Array("€".utf8), Array("😀".utf8), [0xE0, 0x80, 0x80], [0xC2]]
        for sample in samples {
            let expected: Int? = String(validating: sample, as: UTF8.self) == nil ? nil : sample.count
            let length = sample.withUnsafeBufferPointer { UTF8Check.sequenceLength(in: $0, at: 0) }
            #expect(length == expected, "\(sample)")
        }
    }

    @Test func decodingAgreesWithTheStandardLibrary() {
        let samples: [[UInt8]] = [
            Array("héllo € 😀\n".utf8), [0x61, 0xFF, 0x62], [0x61, 0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x61, 0x62, 0xE2, 0x82],
            [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98, 0x41], [0xE0, 0x80, 0x80], [0xC2], [0xE2, 0x82, 0xAC, 0xE2, 0x28, 0xA1],
            [0xF1, 0x80, 0x80, 0xE1, 0x80, 0xC2], [0x80, 0xBF, 0xFE, 0xF5],
        ]
        for sample in samples {
            var scalars: [Unicode.Scalar] = []
            var next = 0
            sample.withUnsafeBufferPointer { buffer in
                UTF8Check.forEachScalar(in: buffer) { decoded in
                    #expect(decoded.offset == next)
                    #expect(decoded.isValid == (decoded.scalar != "\u{FFFD}"))
                    scalars.append(decoded.scalar)
                    next += decoded.length
                }
            }
            #expect(next == sample.count)
            #expect(scalars == Array(String(decoding: sample, as: UTF8.self).unicodeScalars), "\(sample)")
            let invalid = UTF8Check.invalidSequences(in: sample)
            #expect(invalid.count == scalars.filter { $0 == "\u{FFFD}" }.count, "\(sample)")
            #expect(UTF8Check.firstInvalidSequence(in: sample) == invalid.first)
        }
    }
}
