import PipelineModel

extension StepProtocol {
    /// The version 1 request, for a module that does not answer `describe`.
    public struct Version1Request: Codable, Sendable, Equatable {
        public struct Run: Codable, Sendable, Equatable {
            public var id: String
            public var stage: String
            public var step: String
            public var commit: String?
            public var workspace: String
        }

        public struct Environment: Codable, Sendable, Equatable {
            public var name: String
            public var account: String
            public var region: String
            /// The role as the pipeline named it.
            public var role: String
            public var tags: [String: String]
            public var settings: [String: JSONValue]

            public init(_ environment: EnvironmentDefinition) {
                name = environment.name
                account = environment.account
                region = environment.region
                role = environment.role
                tags = environment.tags
                settings = environment.settings
            }
        }

        public var `protocol` = 1
        public var verb: String
        public var run: Run
        public var environment: Environment?
        public var parameters: JSONValue
        public var rollbackTarget: String?

        public init(_ request: Request, environment: EnvironmentDefinition?) {
            verb = request.verb
            run = Run(id: request.run.id, stage: request.run.stage, step: request.run.step, commit: request.run.commit,
                      workspace: request.run.workspace)
            self.environment = environment.map(Environment.init)
            parameters = request.parameters
            rollbackTarget = request.rollbackTarget
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(self.protocol, forKey: .protocol)
            try container.encode(verb, forKey: .verb)
            try container.encode(run, forKey: .run)
            try container.encode(environment, forKey: .environment)
            try container.encode(parameters, forKey: .parameters)
            try container.encode(rollbackTarget, forKey: .rollbackTarget)
        }
    }
}
