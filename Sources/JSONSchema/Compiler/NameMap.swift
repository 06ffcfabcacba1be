/// Property names → node index, looked up without hashing: names are bucketed by UTF-8
/// length, so a lookup compares against the few names of the same length.
struct NameMap: Sendable {
    private static let maxBucketedLength = 64
    private let buckets: [[(name: String, value: Int)]]
    private let long: [String: Int]
    let keys: [String]

    init(_ pairs: [(String, Int)]) {
        var buckets = [[(name: String, value: Int)]](repeating: [], count: NameMap.maxBucketedLength + 1)
        var long: [String: Int] = [:]
        for (name, value) in pairs {
            let length = name.utf8.count
            if length <= NameMap.maxBucketedLength {
                if !buckets[length].contains(where: { $0.name == name }) { buckets[length].append((name, value)) }
            } else if long[name] == nil {
                long[name] = value
            }
        }
        self.buckets = pairs.isEmpty ? [] : buckets
        self.long = long
        keys = pairs.map(\.0)
    }

    subscript(name: String) -> Int? {
        let length = name.utf8.count
        if length < buckets.count {
            for entry in buckets[length] where entry.name == name { return entry.value }
            return nil
        }
        return long.isEmpty ? nil : long[name]
    }
}
