import Foundation

/// What the runner asks of a step module (step protocol version 1, `docs/step-protocol.md`).
public struct StepRequest: Decodable, Sendable {
    public struct Run: Decodable, Sendable {
        public var id: String
        public var stage: String
        public var step: String
        public var commit: String?
        public var workspace: String
    }

    /// The environment a deployment stage targets.
    public struct Environment: Decodable, Sendable {
        public var name: String
        public var account: String
        public var region: String
        public var role: String
        public var tags: [String: String]
    }

    public var `protocol`: Int
    /// `plan`, `apply`, `verify` or `rollback`.
    public var verb: String
    public var run: Run
    public var environment: Environment?
    /// The step's `with:` parameters.
    public var parameters: [String: StepValue]
    /// During a `previousDeployment` rollback, the commit being restored.
    public var rollbackTarget: String?
}

/// A JSON value among a step's parameters.
public enum StepValue: Codable, Sendable, Equatable {
    case string(String), number(Double), bool(Bool), array([StepValue]), object([String: StepValue]), null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([StepValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: StepValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    public var string: String? { if case .string(let value) = self { value } else { nil } }
}

/// What a step module answers (written to descriptor 3).
public struct StepResult: Encodable, Sendable {
    /// One planned change, for `plan`.
    public struct Change: Encodable, Sendable {
        /// `create`, `update`, `delete`, `replace`, `run` or `noChange`.
        public var action: String
        public var resource: String
        public var detail: String

        public init(action: String, resource: String, detail: String = "") {
            self.action = action
            self.resource = resource
            self.detail = detail
        }
    }

    public var `protocol` = 1
    public var message: String?
    public var changes: [Change]?

    public init(message: String? = nil, changes: [Change]? = nil) {
        self.message = message
        self.changes = changes
    }
}
