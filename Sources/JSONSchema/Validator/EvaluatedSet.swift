/// Which object members (by position) or array items (by index) a schema evaluated,
/// for `unevaluatedProperties`/`unevaluatedItems`.
struct EvaluatedSet {
    var all = false
    private var low: UInt64 = 0
    /// Indexes of 64 and above (rare; `nil` costs nothing to copy).
    private var high: Set<Int>? = nil

    mutating func insert(_ i: Int) {
        if i < 64 {
            low |= 1 << UInt64(i)
        } else {
            high = (high ?? []).union([i])
        }
    }

    func contains(_ i: Int) -> Bool {
        if all { return true }
        return i < 64 ? low & (1 << UInt64(i)) != 0 : high?.contains(i) ?? false
    }

    mutating func formUnion(_ other: EvaluatedSet) {
        all = all || other.all
        low |= other.low
        if let more = other.high { high = (high ?? []).union(more) }
    }
}

/// The annotations one evaluation produced.
struct Annotations {
    var properties = EvaluatedSet()
    var items = EvaluatedSet()

    mutating func merge(_ other: Annotations) {
        properties.formUnion(other.properties)
        items.formUnion(other.items)
    }
}
