/// A JSON object that preserves member order. Keys are unique (the parser rejects duplicates,
/// or keeps the first when collecting them).
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    /// One `"key": value` member.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Members in source order.
    public private(set) var members: [Member]
    private var index: [String: Int]?

    private static let indexThreshold = 24

    public init(_ members: [Member] = []) {
        self.members = members
        if members.count > Self.indexThreshold {
            var index = [String: Int](minimumCapacity: members.count)
            for (i, m) in members.enumerated() { index[m.key] = i }
            self.index = index
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { members.count }
    public subscript(position: Int) -> Member { members[position] }

    /// The position of `key` in ``members``.
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in members.indices where members[i].key == key { return i }
        return nil
    }

    /// The value for `key`, or `nil`.
    public subscript(key: String) -> JSONValue? {
        guard let i = position(of: key) else { return nil }
        return members[i].value
    }

    /// Keys in source order.
    public var keys: [String] { members.map(\.key) }

    /// Sets or appends a member.
    public mutating func set(_ key: String, _ value: JSONValue) {
        if let i = position(of: key) {
            members[i].value = value
        } else {
            members.append(Member(key: key, value: value))
            if index != nil || members.count > Self.indexThreshold {
                var idx = index ?? [:]
                if idx.isEmpty { for (i, m) in members.enumerated() { idx[m.key] = i } }
                idx[key] = members.count - 1
                index = idx
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for m in lhs.members {
            guard let other = rhs[m.key], other == m.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine member hashes commutatively.
        var acc = 0
        for m in members {
            var h = Hasher()
            h.combine(m.key)
            h.combine(m.value)
            acc ^= h.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(acc)
    }
}
