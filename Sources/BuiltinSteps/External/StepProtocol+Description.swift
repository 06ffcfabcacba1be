import PipelineModel

extension StepProtocol {
    /// A module's answer to `describe`: who it is, its parameters as a JSON Schema, and which
    /// verbs besides `apply` do something.
    public struct Description: Codable, Sendable, Equatable {
        public struct Supports: Codable, Sendable, Equatable {
            public var plan: Bool
            public var verify: Bool
            public var rollback: Bool

            public init(plan: Bool = true, verify: Bool = true, rollback: Bool = true) {
                self.plan = plan
                self.verify = verify
                self.rollback = rollback
            }

            public init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                plan = try container.decodeIfPresent(Bool.self, forKey: .plan) ?? true
                verify = try container.decodeIfPresent(Bool.self, forKey: .verify) ?? true
                rollback = try container.decodeIfPresent(Bool.self, forKey: .rollback) ?? true
            }
        }

        public var handshake: String?
        public var `protocol`: Int?
        public var name: String?
        public var version: String?
        public var summary: String?
        /// A JSON Schema for the step's `with:` parameters; nil accepts any.
        public var parameters: JSONValue?
        public var supports: Supports?
        public var requiresEnvironment: Bool?

        public init(name: String, version: String, summary: String, parameters: JSONValue?, supports: Supports = Supports(),
                    requiresEnvironment: Bool = false) {
            handshake = StepProtocol.handshake
            self.protocol = StepProtocol.current
            self.name = name
            self.version = version
            self.summary = summary
            self.parameters = parameters
            self.supports = supports
            self.requiresEnvironment = requiresEnvironment
        }

        /// The verbs this module does something for.
        public var supported: Supports { supports ?? Supports() }
    }
}
