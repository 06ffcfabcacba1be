#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps UTF-8 byte offsets of a source to lines and columns: lines end at `\n`, columns count
/// Unicode scalars (an ill-formed sequence counts as one, the U+FFFD a decoder puts in its
/// place; see ``UTF8Check``), and an offset inside a multi-byte scalar or an ill-formed
/// sequence belongs to it. Building it is one `memchr` pass over the bytes; a lookup is a binary
/// search over the line starts plus a walk along one line.
public struct LineMap: Sendable {
    private let bytes: [UInt8]
    /// Byte offset at which each line starts (line 1 at index 0).
    private let lineStarts: [Int]

    /// With `skippingByteOrderMark`, a leading UTF-8 byte order mark is not a column (editors do
    /// not show it): line 1 starts after it, and offsets still count its three bytes.
    public init(bytes: some Sequence<UInt8>, skippingByteOrderMark: Bool = false) {
        let bytes = Array(bytes)
        let bom = skippingByteOrderMark && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        var starts = [bom ? 3 : 0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var index = 0
            while index < buffer.count, let found = memchr(base + index, 0x0A, buffer.count - index) {
                index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                starts.append(index)
            }
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

    /// The byte offset at which `line` (1-based) starts (after a skipped byte order mark), or
    /// nil past the last line.
    public func offset(ofLine line: Int) -> Int? {
        line >= 1 && line <= lineStarts.count ? lineStarts[line - 1] : nil
    }

    /// The 1-based line of a byte offset, clamped to the source (a binary search, no walk).
    public func line(ofOffset rawOffset: Int) -> Int {
        let offset = max(0, min(rawOffset, bytes.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The position of a byte offset, clamped to the source (the end maps past the last byte).
    public func position(ofOffset rawOffset: Int) -> SourcePosition {
        let offset = max(0, min(rawOffset, bytes.count))
        let low = line(ofOffset: offset) - 1
        // Walk the line scalar by scalar; an offset inside a multi-byte scalar or an ill-formed
        // sequence belongs to it.
        var column = 1
        var index = lineStarts[low]
        bytes.withUnsafeBufferPointer { buffer in
            while index < offset {
                let length = buffer[index] < 0x80 ? 1 : UTF8Check.decode(in: buffer, at: index).length
                if index + length > offset { break }
                index += length
                column += 1
            }
        }
        return SourcePosition(line: low + 1, column: column, offset: offset)
    }
}
