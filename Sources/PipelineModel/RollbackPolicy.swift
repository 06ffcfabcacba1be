/// What runs when a stage fails.
public enum RollbackPolicy: Sendable, Equatable {
    case none
    /// Each applied step's own rollback, newest first.
    case eachStep
    /// Each applied step's rollback, targeting the environment's previous deployed commit.
    case previousDeployment
    /// These steps.
    case steps([StepDefinition])

    /// A short name for logs.
    public var summary: String {
        switch self {
        case .none: "none"
        case .eachStep: "each step's rollback"
        case .previousDeployment: "previous deployment"
        case .steps(let steps): "\(steps.count) rollback step(s)"
        }
    }
}

extension RollbackPolicy {
    /// Whether the policy undoes the steps that were applied (rather than running steps of its own).
    public var undoesAppliedSteps: Bool {
        switch self {
        case .eachStep, .previousDeployment: true
        case .none, .steps: false
        }
    }
}
