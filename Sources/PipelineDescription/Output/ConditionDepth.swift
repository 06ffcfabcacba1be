/// Refuses conditions nested deeper than the runner reads, before the document is encoded (the
/// encoder recurses), with the file and line of the stage or step that holds them.
enum ConditionDepth {
    /// The runner's `ConditionDefinition.maximumDepth`.
    static let maximum = 32

    /// The nesting depth (1 for a condition without `all`), computed without recursion.
    static func of(_ condition: Condition) -> Int {
        var deepest = 0
        var pending: [(Condition, Int)] = [(condition, 1)]
        while let (condition, level) = pending.popLast() {
            deepest = max(deepest, level)
            if case .all(let conditions) = condition {
                pending.append(contentsOf: conditions.map { ($0, level + 1) })
            }
        }
        return deepest
    }

    /// The message for the first stage or step whose condition nests too deeply, or nil.
    static func problem(in pipeline: Pipeline) -> String? {
        for stage in pipeline.stages {
            var owners: [(String, Condition?, SourceLocation)] = [("stage '\(stage.name)'", stage.condition, stage.location)]
            owners += stage.steps.map { ("step '\($0.name)'", $0.condition, $0.location) }
            if case .steps(let steps) = stage.rollback {
                owners += steps.map { ("step '\($0.name)'", $0.condition, $0.location) }
            }
            for (owner, condition, location) in owners {
                guard let condition else { continue }
                let depth = of(condition)
                if depth > maximum {
                    return "line \(location.line): the condition of \(owner) nests \(depth) levels deep; at most \(maximum) are allowed: flatten it (an all inside an all is one all)"
                }
            }
        }
        return nil
    }
}
