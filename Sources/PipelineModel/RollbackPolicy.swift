/// What runs when a stage fails.
public enum RollbackPolicy: Codable, Sendable, Equatable {
    case none
    /// Each applied step's own rollback, newest first.
    case eachStep
    /// Each applied step's rollback, targeting the environment's previous deployed commit.
    case previousDeployment
    /// These steps.
    case steps([StepDefinition])

    private enum CodingKeys: String, CodingKey { case kind, steps }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "none": self = .none
        case "eachStep": self = .eachStep
        case "previousDeployment": self = .previousDeployment
        case "steps": self = .steps(try container.decode([StepDefinition].self, forKey: .steps))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown rollback kind '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none: try container.encode("none", forKey: .kind)
        case .eachStep: try container.encode("eachStep", forKey: .kind)
        case .previousDeployment: try container.encode("previousDeployment", forKey: .kind)
        case .steps(let steps):
            try container.encode("steps", forKey: .kind)
            try container.encode(steps, forKey: .steps)
        }
    }

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
