/// The rules with their counters and the seeded generator; used under the proxy's lock.
struct FaultPlan {
    private var rules: [FaultRule]
    private var matched: [Int]
    private var injected: [Int]
    private var random: SplitMix64

    init(rules: [FaultRule], seed: UInt64) {
        self.rules = rules
        matched = Array(repeating: 0, count: rules.count)
        injected = Array(repeating: 0, count: rules.count)
        random = SplitMix64(seed: seed)
    }

    /// The fault for the next call of `operation`, if a rule fires (the first that does).
    mutating func decide(_ operation: String) -> InjectedFault? {
        var chosen: InjectedFault?
        for index in rules.indices where rules[index].matches(operation) {
            matched[index] += 1
            guard chosen == nil, !rules[index].faults.isEmpty else { continue }
            if let limit = rules[index].limit, injected[index] >= limit { continue }
            let fires = rules[index].ordinals.isEmpty
                ? random.nextUnit() < rules[index].probability
                : rules[index].ordinals.contains(matched[index])
            guard fires else { continue }
            injected[index] += 1
            let faults = rules[index].faults
            chosen = faults.count == 1 ? faults[0] : faults[Int(random.next() % UInt64(faults.count))]
        }
        return chosen
    }
}

/// A small seeded generator (SplitMix64): the same seed and call order give the same faults.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<1.
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
