// Part of the pipeline document's wire format (see PipelineSerialization.swift): shared by the
// DSL and the runner's model.

@_spi(PipelineWire)
extension PipelineSerialization {
    /// A JSON value: step parameters and environment settings.
    public enum Value: Codable, Sendable, Equatable {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case array([Value])
        case object([String: Value])
        case null

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Int.self) {
                self = .int(value)
            } else if let value = try? container.decode(Double.self) {
                self = .double(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([Value].self) {
                self = .array(value)
            } else {
                self = .object(try container.decode([String: Value].self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .int(let value): try container.encode(value)
            case .double(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            case .null: try container.encodeNil()
            }
        }
    }

    /// When a stage or step runs: `{"kind": "changed", "paths": […]}`, `{"kind": "branch",
    /// "branch": …}`, `{"kind": "environment", "variable": …, "value": …}` or `{"kind": "all",
    /// "conditions": […]}`.
    public indirect enum Condition: Codable, Sendable, Equatable {
        case changed([String])
        case branch(String)
        case environment(String, equals: String)
        case all([Condition])

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

    /// What runs when a stage fails: `{"kind": "none" | "eachStep" | "previousDeployment"}` or
    /// `{"kind": "steps", "steps": […]}`.
    public enum Rollback: Codable, Sendable, Equatable {
        case none
        case eachStep
        case previousDeployment
        case steps([Step])

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
}
