/// OpenSSH's `match_pattern_list`: comma-separated patterns with `*`, `?` and leading `!`.
enum PatternList {
    static func matches(_ name: String, _ patterns: [String]) -> Bool {
        var positive = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if matches(Array(name.unicodeScalars), Array(pattern.dropFirst().unicodeScalars)) { return false }
            } else if matches(Array(name.unicodeScalars), Array(pattern.unicodeScalars)) {
                positive = true
            }
        }
        return positive
    }

    private static func matches(_ name: [Unicode.Scalar], _ pattern: [Unicode.Scalar]) -> Bool {
        var n = 0, p = 0, starP = -1, starN = 0
        while n < name.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == name[n] {
                n += 1; p += 1
            } else if p < pattern.count, pattern[p] == "*" {
                starP = p; starN = n; p += 1
            } else if starP >= 0 {
                p = starP + 1; starN += 1; n = starN
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
