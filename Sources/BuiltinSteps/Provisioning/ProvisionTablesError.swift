import PipelineBasics

/// Bad input the `provision-tables` step finds in the repository's table definition files, as
/// opposed to its parameters (``StepConfigurationError``, checked at load). A user error: `pipeline
/// plan` exits 64 for it, naming the file and field.
public enum ProvisionTablesError: PipelineError, Equatable {
    /// A definition's `environments` names an environment the pipeline does not declare (a typo
    /// such as `prdo` would otherwise silently apply nothing).
    case unknownEnvironment(step: String, file: String, environment: String, declared: [String])

    public var isUserError: Bool { true }

    public var description: String {
        switch self {
        case .unknownEnvironment(let step, let file, let environment, let declared):
            "\(file): environments.\(environment) names an environment the pipeline does not declare "
                + "(it declares \(declared.joined(separator: ", "))): rename it in the file, or declare the environment "
                + "in the pipeline file (step '\(step)')"
        }
    }
}
