import CLibgit2
import Foundation

/// A SHA-1 object id as three words: cheap to hash and compare in the history walker's sets
/// and queues (a `String` id would allocate per commit).
struct RawOID: Hashable {
    private let high: UInt64
    private let middle: UInt64
    private let low: UInt32

    /// Reads 20 bytes at `bytes`.
    init(bytes: UnsafeRawPointer) {
        high = bytes.loadUnaligned(as: UInt64.self)
        middle = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        low = bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
    }

    init(_ oid: git_oid) {
        self = withUnsafeBytes(of: oid.id) { RawOID(bytes: $0.baseAddress!) }
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { buffer in
            buffer.storeBytes(of: high, toByteOffset: 0, as: UInt64.self)
            buffer.storeBytes(of: middle, toByteOffset: 8, as: UInt64.self)
            buffer.storeBytes(of: low, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    /// The first byte (the commit-graph fan-out index).
    var firstByte: UInt8 { UInt8(truncatingIfNeeded: high) }

    /// Byte-wise comparison with 20 bytes at `bytes` (memcmp order).
    func compare(to bytes: UnsafeRawPointer) -> Int32 {
        withUnsafeBytes(of: self) { memcmp($0.baseAddress!, bytes, 20) }
    }
}
