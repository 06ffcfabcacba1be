import Foundation

/// A file's content fingerprint for rename detection, computed exactly as git's
/// `diffcore-delta.c` does, so our similarity scores equal the `R<score>` git prints.
///
/// The content is cut into spans ending at a newline or after 64 bytes (a CR before LF is
/// skipped in text), each span is hashed into one of 107,927 buckets, and the signature is
/// the sorted list of (bucket, bytes in it).
final class SpanHashSignature {
    /// The blob's size in bytes.
    let size: Int
    /// Whether the blob is a regular file (git never pairs a symlink with a file).
    let isRegularFile: Bool
    /// Bucket numbers, ascending.
    private let hashes: [UInt32]
    /// Bytes per bucket, parallel to `hashes`.
    private let counts: [UInt32]
    /// The sum of `counts` (the size less skipped CRs).
    private let total: Int

    /// git's `MAX_SCORE`.
    static let maxScore = 60_000
    private static let hashBase: UInt32 = 107_927

    init(bytes: UnsafeRawBufferPointer, isRegularFile: Bool) {
        self.size = bytes.count
        self.isRegularFile = isRegularFile
        // git: diff_filespec_is_binary: a NUL byte in the first 8000 bytes.
        let isText = bytes.baseAddress.map { memchr($0, 0, min(bytes.count, 8000)) == nil } ?? true
        var spans: [(hash: UInt32, count: UInt32)] = []
        spans.reserveCapacity(bytes.count / 24 + 1)
        var accum1: UInt32 = 0, accum2: UInt32 = 0
        var length: UInt32 = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let c = UInt32(bytes[index])
            index += 1
            if isText && c == 13 && index < count && bytes[index] == 10 { continue }
            let old1 = accum1
            accum1 = (accum1 << 7) ^ (accum2 >> 25)
            accum2 = (accum2 << 7) ^ (old1 >> 25)
            accum1 &+= c
            length += 1
            if length < 64 && c != 10 { continue }
            spans.append(((accum1 &+ accum2 &* 0x61) % Self.hashBase, length))
            length = 0
            accum1 = 0
            accum2 = 0
        }
        // As in git, a final span without a newline that is shorter than 64 bytes is not counted.
        spans.sort { $0.hash < $1.hash }
        var hashes: [UInt32] = [], counts: [UInt32] = []
        hashes.reserveCapacity(spans.count)
        counts.reserveCapacity(spans.count)
        for span in spans {
            if let last = hashes.last, last == span.hash {
                counts[counts.count - 1] += span.count
            } else {
                hashes.append(span.hash)
                counts.append(span.count)
            }
        }
        self.hashes = hashes
        self.counts = counts
        self.total = counts.reduce(0) { $0 + Int($1) }
    }

    /// git's `estimate_similarity`: how much of `self` (the rename source) survives in
    /// `destination`, in percent (0–100); 0 when the sizes alone rule out `minimumPercent`.
    func similarity(to destination: SpanHashSignature, minimumPercent: Int) -> Int {
        guard isRegularFile == destination.isRegularFile else { return 0 }
        let maxSize = max(size, destination.size)
        let baseSize = min(size, destination.size)
        let deltaSize = maxSize - baseSize
        let minimumScore = minimumPercent * Self.maxScore / 100
        if maxSize * (Self.maxScore - minimumScore) < deltaSize * Self.maxScore { return 0 }
        guard destination.size > 0 else { return 0 }
        // Fewer copied bytes than this cannot reach the threshold (score = copied × MAX / maxSize).
        let needed = (minimumScore * maxSize + Self.maxScore - 1) / Self.maxScore
        let copied = copiedBytes(to: destination, needed: needed)
        let score = copied * Self.maxScore / maxSize
        return score * 100 / Self.maxScore
    }

    /// git's `diffcore_count_changes`: bytes of `self` found again in `destination`. Stops
    /// early (returning a smaller count) once `needed` can no longer be reached.
    private func copiedBytes(to destination: SpanHashSignature, needed: Int) -> Int {
        hashes.withUnsafeBufferPointer { sourceHashes in
            counts.withUnsafeBufferPointer { sourceCounts in
                destination.hashes.withUnsafeBufferPointer { destinationHashes in
                    destination.counts.withUnsafeBufferPointer { destinationCounts in
                        var copied = 0
                        var remaining = total
                        var d = 0
                        let end = destinationHashes.count
                        for s in 0..<sourceHashes.count {
                            if copied + remaining < needed { return copied }
                            remaining -= Int(sourceCounts[s])
                            let hash = sourceHashes[s]
                            while d < end && destinationHashes[d] < hash { d += 1 }
                            if d < end && destinationHashes[d] == hash {
                                copied += Int(min(sourceCounts[s], destinationCounts[d]))
                                d += 1
                            }
                        }
                        return copied
                    }
                }
            }
        }
    }
}
