/// When a stage or step runs. Stages and steps without a condition always run.
public enum Condition: Sendable, Equatable {
    /// Run only when one of these paths (globs, relative to the repository root) changed since
    /// the base: the environment's last successful deployment, or `--base REF`.
    case changed([String])
    /// Run only on this branch.
    case branch(String)
    /// Run only when the environment variable has this value.
    case environment(String, equals: String)
    /// Run only when every condition holds.
    indirect case all([Condition])

}
