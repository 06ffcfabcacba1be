/// Maps UTF-8 byte offsets of a source to lines and columns: lines end at `\n`, columns count
/// Unicode scalars (each byte of an ill-formed sequence counts as one), and an offset inside a
/// multi-byte scalar belongs to that scalar. Building it is one pass over the bytes; a lookup
/// is a binary search over the line starts plus a walk along one line.
public struct LineMap: Sendable {
    private let bytes: [UInt8]
    /// Byte offset at which each line starts (line 1 at index 0).
    private let lineStarts: [Int]

    public init(bytes: some Sequence<UInt8>) {
        let bytes = Array(bytes)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            starts.append(offset + 1)
        }
        self.bytes = bytes
        self.lineStarts = starts
    }

    public init(string: String) {
        self.init(bytes: string.utf8)
    }

    /// The number of bytes of the source.
    public var byteCount: Int { bytes.count }

    /// The number of lines (a final line without `\n` counts; an empty source has one line).
    public var lineCount: Int { lineStarts.count }

    /// The byte offset at which `line` (1-based) starts, or nil past the last line.
    public func offset(ofLine line: Int) -> Int? {
        line >= 1 && line <= lineStarts.count ? lineStarts[line - 1] : nil
    }

    /// The position of a byte offset, clamped to the source (the end maps past the last byte).
    public func position(ofOffset rawOffset: Int) -> SourcePosition {
        let offset = max(0, min(rawOffset, bytes.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        // Walk the line scalar by scalar; an offset inside a multi-byte scalar belongs to that
        // scalar, and each byte of an ill-formed sequence is a column of its own.
        var column = 1
        var index = lineStarts[low]
        bytes.withUnsafeBufferPointer { buffer in
            while index < offset {
                let length = UTF8Check.sequenceLength(in: buffer, at: index) ?? 1
                if index + length > offset { break }
                index += length
                column += 1
            }
        }
        return SourcePosition(line: low + 1, column: column, offset: offset)
    }
}
