/// When a stage or step runs. Stages and steps without a condition always run.
public enum Condition: Codable, Sendable, Equatable {
    /// Run only when one of these paths (globs, relative to the repository root) changed since
    /// the base: the environment's last successful deployment, or `--base REF`.
    case changed([String])
    /// Run only on this branch.
    case branch(String)
    /// Run only when the environment variable has this value.
    case environment(String, equals: String)
    /// Run only when every condition holds.
    indirect case all([Condition])

    private enum CodingKeys: String, CodingKey { case kind, paths, branch, variable, value, conditions }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "changed": self = .changed(try container.decode([String].self, forKey: .paths))
        case "branch": self = .branch(try container.decode(String.self, forKey: .branch))
        case "environment":
            self = .environment(
                try container.decode(String.self, forKey: .variable),
                equals: try container.decode(String.self, forKey: .value))
        case "all": self = .all(try container.decode([Condition].self, forKey: .conditions))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown condition kind '\(other)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .changed(let paths):
            try container.encode("changed", forKey: .kind)
            try container.encode(paths, forKey: .paths)
        case .branch(let branch):
            try container.encode("branch", forKey: .kind)
            try container.encode(branch, forKey: .branch)
        case .environment(let variable, let value):
            try container.encode("environment", forKey: .kind)
            try container.encode(variable, forKey: .variable)
            try container.encode(value, forKey: .value)
        case .all(let conditions):
            try container.encode("all", forKey: .kind)
            try container.encode(conditions, forKey: .conditions)
        }
    }
}
