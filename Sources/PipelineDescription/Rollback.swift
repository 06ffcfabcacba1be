/// What runs when a stage fails (a step fails, times out, or its verification fails).
public enum Rollback: Codable, Sendable, Equatable {
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

    private enum CodingKeys: String, CodingKey { case kind, steps }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "none": self = .none
        case "eachStep": self = .eachStep
        case "previousDeployment": self = .previousDeployment
        case "steps": self = .steps(try container.decode([Step].self, forKey: .steps))
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
}
