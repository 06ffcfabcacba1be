#if !FUZZING  // the fuzz target compiles PipelineBasics' sources into its own module
import PipelineBasics
#endif

/// A decoded source file: its Unicode scalars (the view the tokenizer and scanner work on), the
/// byte offset of each, and where the bytes were not valid UTF-8. Offsets used across the module
/// are indices into `scalars`. Decoding is ``UTF8Check``'s (each ill-formed sequence becomes one
/// U+FFFD); lines come from a ``LineMap`` over the bytes (which skips a leading byte order
/// mark), and a column is the number of scalars from the line's start, the count the line map
/// would walk, found without walking (a minified one-line template can have thousands of
/// problems).
struct SourceText: Sendable {
    let scalars: [Unicode.Scalar]
    /// Every ill-formed sequence of the bytes (byte offset and length), in order.
    let invalidSequences: [UTF8Check.InvalidSequence]
    /// The byte offset of each scalar, and the byte count at index `scalars.count`.
    private let byteOffsets: [UInt32]
    private let lineMap: LineMap

    /// Decodes `bytes` as UTF-8, replacing each invalid sequence by U+FFFD; a leading BOM is kept
    /// out of the scalars but counted in byte offsets.
    init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        let array = Array(bytes)
        var scalars: [Unicode.Scalar] = []
        var byteOffsets: [UInt32] = []
        var invalid: [UTF8Check.InvalidSequence] = []
        scalars.reserveCapacity(array.count)
        byteOffsets.reserveCapacity(array.count + 1)
        let start = array.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        array.withUnsafeBufferPointer { buffer in
            UTF8Check.forEachScalar(in: buffer, from: start) { decoded in
                if !decoded.isValid { invalid.append(UTF8Check.InvalidSequence(offset: decoded.offset, length: decoded.length)) }
                scalars.append(decoded.scalar)
                byteOffsets.append(UInt32(truncatingIfNeeded: decoded.offset))
            }
        }
        byteOffsets.append(UInt32(truncatingIfNeeded: array.count))
        self.scalars = scalars
        self.invalidSequences = invalid
        self.byteOffsets = byteOffsets
        self.lineMap = LineMap(bytes: array, skippingByteOrderMark: true)
    }

    init(string: String) {
        self.init(bytes: Array(string.utf8))
    }

    var count: Int { scalars.count }

    /// The line and column of a scalar offset (an offset at the end maps past the last scalar).
    func location(of offset: Int) -> SourcePosition {
        let offset = max(0, min(offset, scalars.count))
        let byte = Int(byteOffsets[offset])
        let line = lineMap.line(ofOffset: byte)
        let lineStart = scalarOffset(ofByte: lineMap.offset(ofLine: line) ?? 0)
        return SourcePosition(line: line, column: offset - lineStart + 1, offset: byte)
    }

    /// The line and column of the scalar that contains byte `byteOffset`.
    func location(ofByte byteOffset: Int) -> SourcePosition {
        location(of: scalarOffset(ofByte: byteOffset))
    }

    /// The byte offset at which the scalar at `offset` starts (the byte count at the end).
    func byteOffset(of offset: Int) -> Int {
        Int(byteOffsets[max(0, min(offset, scalars.count))])
    }

    /// The offset of the scalar that contains byte `byteOffset` (`count` past the last byte).
    func scalarOffset(ofByte byteOffset: Int) -> Int {
        var low = 0
        var high = scalars.count
        while low < high {
            let mid = (low + high + 1) / 2
            if Int(byteOffsets[mid]) <= byteOffset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The text of a scalar range.
    func string(_ range: Range<Int>) -> String {
        String(scalars: scalars[range])
    }

    /// Whether the scalars at `offset` spell `ascii` (case-sensitive).
    func matches(_ ascii: String, at offset: Int) -> Bool {
        var index = offset
        for unit in ascii.unicodeScalars {
            guard index < scalars.count, scalars[index] == unit else { return false }
            index += 1
        }
        return true
    }

    /// Whether the scalars at `offset` spell `ascii`, ignoring ASCII case.
    func matchesIgnoringCase(_ ascii: String, at offset: Int) -> Bool {
        var index = offset
        for unit in ascii.unicodeScalars {
            guard index < scalars.count, scalars[index].asciiLowercased == unit.asciiLowercased else { return false }
            index += 1
        }
        return true
    }
}

extension Unicode.Scalar {
    var asciiLowercased: Unicode.Scalar {
        (value >= 65 && value <= 90) ? Unicode.Scalar(value + 32)! : self
    }

    var isASCIIAlpha: Bool { (value >= 65 && value <= 90) || (value >= 97 && value <= 122) }
    var isASCIIDigit: Bool { value >= 48 && value <= 57 }
    var isASCIIAlphanumeric: Bool { isASCIIAlpha || isASCIIDigit }
    var isASCIIHexDigit: Bool { isASCIIDigit || (value >= 65 && value <= 70) || (value >= 97 && value <= 102) }
    /// HTML's ASCII whitespace: tab, LF, FF, CR, space.
    var isHTMLWhitespace: Bool { value == 9 || value == 10 || value == 12 || value == 13 || value == 32 }
}

extension String {
    /// A string from Unicode scalars, built through UTF-8 (much faster than appending to a
    /// `UnicodeScalarView` one scalar at a time).
    init<Scalars: Collection>(scalars: Scalars) where Scalars.Element == Unicode.Scalar {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.value < 0x80 {
                bytes.append(UInt8(scalar.value))
            } else {
                bytes.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        self = String(decoding: bytes, as: UTF8.self)
    }
}
