/// A set of byte patterns compiled into an Aho-Corasick automaton, so that finding every
/// occurrence of any of them in a text is one pass over its UTF-8 bytes (plus the matches),
/// however many patterns there are. ``SecretMasker`` keeps a few, compiling new forms into a new one.
///
/// Patterns are valid UTF-8, so a match always starts and ends on character boundaries.
struct SecretPatterns: Sendable {
    /// The root's transitions, dense (most bytes of ordinary text leave the root unchanged).
    private let rootNext: [Int32]
    /// Every other node's transitions, sparse: `edgeBytes[edgeStart[n] ..< edgeStart[n + 1]]`.
    private let edgeStart: [Int32]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    private let fail: [Int32]
    /// The longest pattern that ends at each node (its own, or one along its failure links).
    private let longest: [Int32]

    var isEmpty: Bool { longest.count <= 1 }

    init(_ patterns: [String]) {
        var children: [[(UInt8, Int32)]] = [[]]
        var own: [Int32] = [0]
        for pattern in patterns where !pattern.isEmpty {
            var node = 0
            for byte in pattern.utf8 {
                if let next = children[node].first(where: { $0.0 == byte })?.1 {
                    node = Int(next)
                } else {
                    children.append([])
                    own.append(0)
                    children[node].append((byte, Int32(children.count - 1)))
                    node = children.count - 1
                }
            }
            own[node] = max(own[node], Int32(pattern.utf8.count))
        }
        // Failure links and longest outputs, breadth first.
        var fail = [Int32](repeating: 0, count: children.count)
        var longest = own
        var queue: [Int] = children[0].map { Int($0.1) }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (byte, childIndex) in children[node] {
                let child = Int(childIndex)
                var candidate = fail[node]
                var target: Int32 = 0
                while true {
                    if let found = children[Int(candidate)].first(where: { $0.0 == byte })?.1, Int(found) != child {
                        target = found
                        break
                    }
                    if candidate == 0 { break }
                    candidate = fail[Int(candidate)]
                }
                fail[child] = target
                longest[child] = max(own[child], longest[Int(target)])
                queue.append(child)
            }
        }
        var rootNext = [Int32](repeating: 0, count: 256)
        for (byte, child) in children[0] { rootNext[Int(byte)] = child }
        var edgeStart: [Int32] = [0]
        var edgeBytes: [UInt8] = []
        var edgeTargets: [Int32] = []
        for edges in children {
            for (byte, target) in edges.sorted(by: { $0.0 < $1.0 }) {
                edgeBytes.append(byte)
                edgeTargets.append(target)
            }
            edgeStart.append(Int32(edgeBytes.count))
        }
        self.rootNext = rootNext
        self.edgeStart = edgeStart
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        self.fail = fail
        self.longest = longest
    }

    @inline(__always)
    private func next(_ node: Int32, _ byte: UInt8) -> Int32? {
        let start = Int(edgeStart[Int(node)]), end = Int(edgeStart[Int(node) + 1])
        var index = start
        while index < end {
            if edgeBytes[index] == byte { return edgeTargets[index] }
            index += 1
        }
        return nil
    }

    /// The byte ranges of `bytes` covered by some pattern, merged where they overlap, in order.
    func coveredRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard !isEmpty else { return [] }
        var found: [Range<Int>] = []
        var node: Int32 = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            while true {
                if node == 0 {
                    node = rootNext[Int(byte)]
                    break
                }
                if let target = next(node, byte) {
                    node = target
                    break
                }
                node = fail[Int(node)]
            }
            let length = Int(longest[Int(node)])
            if length > 0 { found.append((index + 1 - length)..<(index + 1)) }
        }
        return Self.merge(found)
    }

    /// `ranges` sorted and merged where they overlap.
    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        guard ranges.count > 1 else { return ranges }
        let found = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = [found[0]]
        for range in found.dropFirst() {
            if range.lowerBound < merged[merged.count - 1].upperBound {
                let last = merged[merged.count - 1]
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// `text` with every covered range replaced by `replacement`.
    func mask(_ text: String, with replacement: String) -> String {
        Self.mask(text, layers: [self], with: replacement)
    }

    /// `text` with every range any of `layers` covers replaced by `replacement` (overlapping
    /// ranges of different layers masked as one).
    static func mask(_ text: String, layers: [SecretPatterns], with replacement: String) -> String {
        let layers = layers.filter { !$0.isEmpty }
        guard !layers.isEmpty, !text.isEmpty else { return text }
        var copy = text
        let masked: String? = copy.withUTF8 { bytes in
            let ranges = layers.count == 1 ? layers[0].coveredRanges(bytes) : merge(layers.flatMap { $0.coveredRanges(bytes) })
            guard !ranges.isEmpty else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var position = 0
            for range in ranges {
                out.append(contentsOf: bytes[position..<range.lowerBound])
                out.append(contentsOf: replacement.utf8)
                position = range.upperBound
            }
            out.append(contentsOf: bytes[position..<bytes.count])
            return String(decoding: out, as: UTF8.self)
        }
        return masked ?? text
    }
}
