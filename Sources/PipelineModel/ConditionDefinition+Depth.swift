extension ConditionDefinition {
    /// How deeply conditions may nest (`all` inside `all` …). Deeper is refused at load: nothing
    /// written by hand nests this deep, and a generated condition that does is a mistake.
    public static let maximumDepth = 32

    /// The nesting depth (1 for a condition without `all`), computed without recursion, in time
    /// linear in the number of conditions.
    public var depth: Int {
        var deepest = 0
        var pending: [(ConditionDefinition, Int)] = [(self, 1)]
        while let (condition, level) = pending.popLast() {
            deepest = max(deepest, level)
            if case .all(let conditions) = condition {
                pending.append(contentsOf: conditions.map { ($0, level + 1) })
            }
        }
        return deepest
    }
}
