import Foundation

/// A read-only, memory-mapped Git commit-graph file (`objects/info/commit-graph`, format
/// version 1, SHA-1): parents and commit times of the commits it lists, without inflating
/// commit objects. This is what makes `git rev-list` fast on a repository `git gc` has
/// maintained; libgit2 1.5's revision walker does not use the file, so RepositoryHistory reads
/// it itself for time-ordered walks.
///
/// Every offset is validated when the file is opened and every parent position when it is
/// read; anything unexpected (another version, a split graph chain, a truncated file) makes
/// ``load(path:)`` return nil and the walk falls back to libgit2. Owns the mapping and unmaps
/// it exactly once in `deinit`.
final class CommitGraphFile {
    private let base: UnsafeRawPointer
    private let length: Int
    /// Number of commits in the file.
    let count: Int
    private let fanout: Int
    private let lookup: Int
    private let data: Int
    private let edges: Int
    private let edgeCount: Int

    private static let hashLength = 20
    private static let dataEntryLength = hashLength + 16
    private static let parentNone: UInt32 = 0x7000_0000
    private static let extraEdges: UInt32 = 0x8000_0000

    private init(base: UnsafeRawPointer, length: Int, layout: Layout) {
        self.base = base
        self.length = length
        self.count = layout.count
        self.fanout = layout.fanout
        self.lookup = layout.lookup
        self.data = layout.data
        self.edges = layout.edges
        self.edgeCount = layout.edgeCount
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), length)
    }

    /// Maps and validates the file; nil when it is missing or not a version-1 SHA-1 graph
    /// without base graphs.
    static func load(path: String) -> CommitGraphFile? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
        let length = Int(status.st_size)
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            return nil
        }
        let base = UnsafeRawPointer(mapped)
        guard let layout = Layout(base: base, length: length) else {
            munmap(mapped, length)
            return nil
        }
        return CommitGraphFile(base: base, length: length, layout: layout)
    }

    /// The position of `oid` in the file; nil when the file does not list it.
    func position(of oid: RawOID) -> Int? {
        let first = Int(oid.firstByte)
        var low = first == 0 ? 0 : Int(readUInt32(fanout + (first - 1) * 4))
        var high = Int(readUInt32(fanout + first * 4))
        guard low <= high, high <= count else { return nil }
        while low < high {
            let middle = (low + high) / 2
            let order = oid.compare(to: base + lookup + middle * Self.hashLength)
            if order == 0 { return middle }
            if order < 0 { high = middle } else { low = middle + 1 }
        }
        return nil
    }

    /// The id of the commit at `position`.
    func oid(at position: Int) -> RawOID {
        RawOID(bytes: base + lookup + position * Self.hashLength)
    }

    /// The root tree of the commit at `position`.
    func treeID(at position: Int) -> RawOID {
        RawOID(bytes: base + data + position * Self.dataEntryLength)
    }

    /// The commit time (seconds since 1970) at `position`.
    func commitTime(at position: Int) -> Int64 {
        let entry = data + position * Self.dataEntryLength + Self.hashLength
        let high = UInt64(readUInt32(entry + 8) & 0x3)
        return Int64(bitPattern: (high << 32) | UInt64(readUInt32(entry + 12)))
    }

    /// Appends the parent positions of the commit at `position` to `parents`; false when the
    /// file is inconsistent (a position out of range), in which case nothing is trusted.
    func parents(at position: Int, into parents: inout [Int]) -> Bool {
        let entry = data + position * Self.dataEntryLength + Self.hashLength
        let first = readUInt32(entry)
        if first == Self.parentNone { return true }
        guard Int(first) < count else { return false }
        parents.append(Int(first))
        let second = readUInt32(entry + 4)
        if second == Self.parentNone { return true }
        if second & Self.extraEdges == 0 {
            guard Int(second) < count else { return false }
            parents.append(Int(second))
            return true
        }
        var index = Int(second & ~Self.extraEdges)
        while index < edgeCount {
            let value = readUInt32(edges + index * 4)
            let parent = Int(value & ~Self.extraEdges)
            guard parent < count else { return false }
            parents.append(parent)
            if value & Self.extraEdges != 0 { return true }
            index += 1
        }
        return false
    }

    @inline(__always)
    private func readUInt32(_ offset: Int) -> UInt32 {
        UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Chunk offsets, validated against the file length.
    private struct Layout {
        var count = 0, fanout = 0, lookup = 0, data = 0, edges = 0, edgeCount = 0

        init?(base: UnsafeRawPointer, length: Int) {
            func byte(_ offset: Int) -> UInt8 { base.load(fromByteOffset: offset, as: UInt8.self) }
            func word(_ offset: Int) -> UInt32 { UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
            func quad(_ offset: Int) -> UInt64 { UInt64(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }

            guard length >= 8, word(0) == 0x4347_5048 /* CGPH */, byte(4) == 1 /* version */,
                  byte(5) == 1 /* SHA-1 */, byte(7) == 0 /* no base graphs */ else { return nil }
            let chunkCount = Int(byte(6))
            guard length >= 8 + (chunkCount + 1) * 12 else { return nil }
            var chunks: [UInt32: Range<Int>] = [:]
            for index in 0..<chunkCount {
                let entry = 8 + index * 12
                let start = quad(entry + 4), end = quad(entry + 16)
                guard start <= end, end <= UInt64(length) else { return nil }
                chunks[word(entry)] = Int(start)..<Int(end)
            }
            guard let fanoutRange = chunks[0x4F49_4446] /* OIDF */, fanoutRange.count >= 256 * 4,
                  let lookupRange = chunks[0x4F49_444C] /* OIDL */,
                  let dataRange = chunks[0x4344_4154] /* CDAT */ else { return nil }
            fanout = fanoutRange.lowerBound
            count = Int(word(fanout + 255 * 4))
            var previous: UInt32 = 0
            for index in 0..<256 {
                let value = word(fanout + index * 4)
                guard value >= previous else { return nil }
                previous = value
            }
            guard lookupRange.count >= count * CommitGraphFile.hashLength,
                  dataRange.count >= count * CommitGraphFile.dataEntryLength else { return nil }
            lookup = lookupRange.lowerBound
            data = dataRange.lowerBound
            if let edgeRange = chunks[0x4544_4745] /* EDGE */ {
                edges = edgeRange.lowerBound
                edgeCount = edgeRange.count / 4
            }
        }
    }
}
