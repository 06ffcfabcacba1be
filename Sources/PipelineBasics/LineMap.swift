/// Maps UTF-8 byte offsets of a source to lines and columns: lines end at `\n`, columns count
/// Unicode scalars (an invalid byte counts as one), and an offset inside a multi-byte scalar
/// belongs to that scalar. Building it is one pass over the bytes; a lookup is a binary search
/// over the line starts plus a walk along one line.
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
        var column = 1
        var index = lineStarts[low]
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        // An offset in the middle of a multi-byte scalar belongs to that scalar (a stray
        // continuation byte is a column of its own).
        if offset < bytes.count, bytes[offset] & 0xC0 == 0x80, let lead = leadByte(before: offset, lineStart: lineStarts[low]) {
            let length = lead.byte >= 0xF0 ? 4 : lead.byte >= 0xE0 ? 3 : 2
            if offset - lead.offset < length { column -= 1 }
        }
        return SourcePosition(line: low + 1, column: column, offset: offset)
    }

    /// The lead byte (≥ 0xC0) of the multi-byte sequence `offset` continues, if any.
    private func leadByte(before offset: Int, lineStart: Int) -> (offset: Int, byte: UInt8)? {
        var index = offset - 1
        while index >= max(lineStart, offset - 3) {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 { return byte >= 0xC0 ? (index, byte) : nil }
            index -= 1
        }
        return nil
    }
}
