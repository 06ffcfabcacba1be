/// What runs when a stage fails (a step fails, times out, or its verification fails).
public enum Rollback: Sendable, Equatable {
    /// Nothing: the failure is recorded and the run stops.
    case none
    /// Call the `rollback` of every step that was applied, newest first.
    case eachStep
    /// Re-apply what the environment had before: each applied step's `rollback` runs with the
    /// environment's previous deployed commit as its target.
    case previousDeployment
    /// Run these steps.
    case steps([Step])

    /// Run the steps built by `content`.
    public static func run(@StepBuilder _ content: () -> [Step]) -> Rollback {
        .steps(content())
    }

}
