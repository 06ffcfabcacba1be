/// When a stage or step runs.
public indirect enum ConditionDefinition: Codable, Sendable, Equatable {
    case changed([String])
    case branch(String)
    case environment(String, equals: String)
    case all([ConditionDefinition])

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
        case "all": self = .all(try container.decode([ConditionDefinition].self, forKey: .conditions))
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

    public var summary: String {
        switch self {
        case .changed(let paths): "changed: \(paths.joined(separator: ", "))"
        case .branch(let branch): "branch \(branch)"
        case .environment(let variable, let value): "$\(variable) == \(value)"
        case .all(let conditions): conditions.map(\.summary).joined(separator: " and ")
        }
    }
}
