extension ConditionDefinition {
    /// Nil when the condition holds; otherwise why the stage or step is skipped. Each condition
    /// is evaluated once: time linear in the number of conditions.
    ///
    /// - Parameters:
    ///   - branch: the branch being run (nil: a detached HEAD or no repository).
    ///   - variable: the value of an environment variable.
    ///   - changed: for `changed` paths, nil when they changed (or it cannot be told), else why not.
    public func unmetReason(branch: String?, variable: (String) -> String?, changed: ([String]) -> String?) -> String? {
        switch self {
        case .branch(let wanted):
            return branch == wanted ? nil : "runs only on branch '\(wanted)' (this is \(branch.map { "'\($0)'" } ?? "a detached HEAD or no repository"))"
        case .environment(let name, let value):
            return variable(name) == value ? nil : "runs only when $\(name) is '\(value)'"
        case .changed(let patterns):
            return changed(patterns)
        case .all(let conditions):
            // A plain loop: a lazy `compactMap(...).first` evaluates the first unmet condition
            // twice, which is exponential in the nesting depth.
            for condition in conditions {
                if let reason = condition.unmetReason(branch: branch, variable: variable, changed: changed) { return reason }
            }
            return nil
        }
    }
}
