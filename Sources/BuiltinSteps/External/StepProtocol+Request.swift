import PipelineModel

extension StepProtocol {
    /// A version 2 request for `plan`, `apply`, `verify` or `rollback`, written to the module's stdin.
    public struct Request: Codable, Sendable, Equatable {
        public struct Run: Codable, Sendable, Equatable {
            public var id: String
            public var pipeline: String
            public var stage: String
            public var step: String
            public var commit: String?
            public var workspace: String

            public init(id: String, pipeline: String, stage: String, step: String, commit: String?, workspace: String) {
                self.id = id
                self.pipeline = pipeline
                self.stage = stage
                self.step = step
                self.commit = commit
                self.workspace = workspace
            }
        }

        /// The environment a deploy stage targets, as the module sees it.
        public struct Environment: Codable, Sendable, Equatable {
            public struct DisasterRecovery: Codable, Sendable, Equatable {
                public var replicaRegions: [String]
            }

            public var name: String
            public var account: String
            public var region: String
            /// The full ARN of the role the runner assumes for the environment.
            public var role: String
            public var tags: [String: String]
            public var settings: [String: JSONValue]
            public var disasterRecovery: DisasterRecovery?

            public init(_ environment: EnvironmentDefinition) {
                name = environment.name
                account = environment.account
                region = environment.region
                role = environment.roleARN
                tags = environment.tags
                settings = environment.settings
                disasterRecovery = environment.disasterRecovery.map { DisasterRecovery(replicaRegions: $0.replicaRegions) }
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(name, forKey: .name)
                try container.encode(account, forKey: .account)
                try container.encode(region, forKey: .region)
                try container.encode(role, forKey: .role)
                try container.encode(tags, forKey: .tags)
                try container.encode(settings, forKey: .settings)
                try container.encode(disasterRecovery, forKey: .disasterRecovery)  // null, not absent
            }
        }

        /// The environment's plan as far as the module may read it.
        public struct Plan: Codable, Sendable, Equatable {
            public struct Step: Codable, Sendable, Equatable {
                public var name: String
                public var kind: String
                public var changes: [Change]
                public var desired: JSONValue?
                public var notes: [String]

                public func encode(to encoder: any Encoder) throws {
                    var container = encoder.container(keyedBy: CodingKeys.self)
                    try container.encode(name, forKey: .name)
                    try container.encode(kind, forKey: .kind)
                    try container.encode(changes, forKey: .changes)
                    try container.encode(desired ?? .null, forKey: .desired)
                    try container.encode(notes, forKey: .notes)
                }
            }

            public var environment: String
            /// The saved plan's hash; nil while the plan is being made.
            public var hash: String?
            public var steps: [Step]

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(environment, forKey: .environment)
                try container.encode(hash, forKey: .hash)
                try container.encode(steps, forKey: .steps)
            }
        }

        /// One planned change, in a plan sent to a module or in a module's result.
        public struct Change: Codable, Sendable, Equatable {
            public var action: String
            public var type: String?
            public var resource: String
            public var detail: String?

            public init(action: String, type: String?, resource: String, detail: String?) {
                self.action = action
                self.type = type
                self.resource = resource
                self.detail = detail
            }
        }

        public var `protocol` = 2
        public var verb: String
        public var module: String
        public var run: Run
        public var environment: Environment?
        public var parameters: JSONValue
        public var plan: Plan?
        public var rollbackTarget: String?

        public init(verb: String, module: String, run: Run, environment: Environment?, parameters: JSONValue, plan: Plan?,
                    rollbackTarget: String?) {
            self.verb = verb
            self.module = module
            self.run = run
            self.environment = environment
            self.parameters = parameters
            self.plan = plan
            self.rollbackTarget = rollbackTarget
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.protocol, forKey: .protocol)
            try container.encode(verb, forKey: .verb)
            try container.encode(module, forKey: .module)
            try container.encode(run, forKey: .run)
            try container.encode(environment, forKey: .environment)
            try container.encode(parameters, forKey: .parameters)
            try container.encode(plan, forKey: .plan)
            try container.encode(rollbackTarget, forKey: .rollbackTarget)
        }
    }
}
