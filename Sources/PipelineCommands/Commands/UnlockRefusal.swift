import PipelineBasics

/// `unlock --force` refused: the environment's holder is alive and nobody confirmed.
struct UnlockRefusal: PipelineError {
    var environment: String
    var holder: String

    var isUserError: Bool { true }

    var description: String {
        "environment '\(environment)' is held by a live run (\(holder)): freeing it makes that run stop at its next lease check, "
            + "without rolling back what it applied (a `pipeline resume` of it then carries on); pass --yes to free it anyway, "
            + "or wait for it with --wait-lock"
    }
}
