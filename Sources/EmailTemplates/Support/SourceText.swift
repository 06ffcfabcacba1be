/// A decoded source file: its Unicode scalars, where each line starts, and where the bytes were
/// not valid UTF-8. Offsets used across the module are indices into `scalars`.
struct SourceText: Sendable {
    /// One invalid UTF-8 sequence: its byte offset and the scalar offset of the U+FFFD put in its place.
    struct InvalidSequence: Sendable {
        let byteOffset: Int
        let scalarOffset: Int
        let length: Int
    }

    let scalars: [Unicode.Scalar]
    let invalidSequences: [InvalidSequence]
    /// Scalar offset at which each line starts (line 1 is index 0).
    private let lineStarts: [Int]
    /// Scalar offset of each byte offset's scalar, computed on demand only for `location(ofByte:)`.
    private let byteToScalar: [Int]

    /// Decodes `bytes` as UTF-8, replacing each invalid sequence by U+FFFD; a leading BOM is kept
    /// out of the scalars but counted in byte offsets.
    init<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        let array = Array(bytes)
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(array.count)
        var invalid: [InvalidSequence] = []
        var byteToScalar = [Int](repeating: 0, count: array.count + 1)
        var iterator = array.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var byteOffset = 0
        if array.starts(with: [0xEF, 0xBB, 0xBF]) {
            _ = iterator.next(); _ = iterator.next(); _ = iterator.next()
            byteOffset = 3
        }
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                for index in byteOffset..<(byteOffset + encoded.count) { byteToScalar[index] = scalars.count }
                scalars.append(Unicode.UTF8.decode(encoded))
                byteOffset += encoded.count
            case .error(let length):
                for index in byteOffset..<(byteOffset + length) { byteToScalar[index] = scalars.count }
                invalid.append(InvalidSequence(byteOffset: byteOffset, scalarOffset: scalars.count, length: length))
                scalars.append("\u{FFFD}")
                byteOffset += length
            case .emptyInput:
                break loop
            }
        }
        byteToScalar[array.count] = scalars.count
        var lineStarts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            lineStarts.append(offset + 1)
        }
        self.scalars = scalars
        self.invalidSequences = invalid
        self.lineStarts = lineStarts
        self.byteToScalar = byteToScalar
    }

    init(string: String) {
        self.init(bytes: Array(string.utf8))
    }

    var count: Int { scalars.count }

    /// The line and column of a scalar offset (an offset at the end maps past the last scalar).
    func location(of offset: Int) -> SourcePosition {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = offset - lineStarts[low] + 1
        // A CR before the offset on the same line is part of a CRLF pair only at the line's end;
        // mid-line CRs are rare enough to count as columns.
        if column < 1 { column = 1 }
        return SourcePosition(line: low + 1, column: column)
    }

    /// The line and column of the scalar that contains byte `byteOffset`.
    func location(ofByte byteOffset: Int) -> SourcePosition {
        let clamped = max(0, min(byteOffset, byteToScalar.count - 1))
        return location(of: byteToScalar[clamped])
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
