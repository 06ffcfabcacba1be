import Foundation

/// What the runner asks of a step module for one verb (`docs/step-protocol.md`): the request
/// of protocol 2, which also reads a protocol 1 request (whose fields are a subset).
public struct StepRequest: Codable, Sendable {
    /// The run, stage and step being executed.
    public struct Run: Codable, Sendable {
        public var id: String
        /// The pipeline's name (protocol 2; nil in a protocol 1 request).
        public var pipeline: String?
        public var stage: String
        public var step: String
        /// The commit being deployed; nil for a run of the working tree.
        public var commit: String?
        /// The repository root (the module's working directory).
        public var workspace: String

        public init(id: String, pipeline: String? = nil, stage: String, step: String, commit: String? = nil, workspace: String) {
            self.id = id
            self.pipeline = pipeline
            self.stage = stage
            self.step = step
            self.commit = commit
            self.workspace = workspace
        }
    }

    /// The environment a deployment stage targets.
    public struct Environment: Codable, Sendable {
        /// Where the environment replicates to (PROD: `eu-west-1`).
        public struct DisasterRecovery: Codable, Sendable, Equatable {
            public var replicaRegions: [String]
            public init(replicaRegions: [String]) { self.replicaRegions = replicaRegions }
        }

        public var name: String
        public var account: String
        public var region: String
        public var role: String
        public var tags: [String: String]
        /// The environment's `settings:` from the pipeline file, as JSON values.
        public var settings: [String: StepValue]
        /// nil without disaster recovery (and in a protocol 1 request).
        public var disasterRecovery: DisasterRecovery?

        public init(name: String, account: String, region: String, role: String, tags: [String: String] = [:],
                    settings: [String: StepValue] = [:], disasterRecovery: DisasterRecovery? = nil) {
            self.name = name
            self.account = account
            self.region = region
            self.role = role
            self.tags = tags
            self.settings = settings
            self.disasterRecovery = disasterRecovery
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            account = try container.decode(String.self, forKey: .account)
            region = try container.decode(String.self, forKey: .region)
            role = try container.decode(String.self, forKey: .role)
            tags = try container.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
            settings = try container.decodeIfPresent([String: StepValue].self, forKey: .settings) ?? [:]
            disasterRecovery = try container.decodeIfPresent(DisasterRecovery.self, forKey: .disasterRecovery)
        }

        /// Protocol 2's shape: `disasterRecovery` is always there (null without it).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(account, forKey: .account)
            try container.encode(region, forKey: .region)
            try container.encode(role, forKey: .role)
            try container.encode(tags, forKey: .tags)
            try container.encode(settings, forKey: .settings)
            try container.encode(disasterRecovery, forKey: .disasterRecovery)
        }

        /// Protocol 1's shape (no `disasterRecovery`).
        var protocol1: StepValue {
            .object(["name": .string(name), "account": .string(account), "region": .string(region), "role": .string(role),
                     "tags": .object(tags.mapValues(StepValue.string)), "settings": .object(settings)])
        }

        private enum CodingKeys: String, CodingKey { case name, account, region, role, tags, settings, disasterRecovery }
    }

    /// 1 or 2.
    public var `protocol`: Int
    /// `plan`, `apply`, `verify` or `rollback`.
    public var verb: String
    /// The module's name as the pipeline uses it (protocol 2).
    public var module: String?
    public var run: Run
    /// nil outside deployment stages.
    public var environment: Environment?
    /// The step's `with:` parameters, secrets resolved.
    public var parameters: [String: StepValue]
    /// The environment's plan as far as this module needs it (protocol 2; nil outside deployment
    /// stages): for `plan` the steps planned before this one, for the other verbs the saved plan.
    public var plan: EnvironmentPlan?
    /// During a `previousDeployment` rollback, the commit being restored.
    public var rollbackTarget: String?

    public init(protocol: Int = 2, verb: String, module: String? = nil, run: Run, environment: Environment? = nil,
                parameters: [String: StepValue] = [:], plan: EnvironmentPlan? = nil, rollbackTarget: String? = nil) {
        self.protocol = `protocol`
        self.verb = verb
        self.module = module
        self.run = run
        self.environment = environment
        self.parameters = parameters
        self.plan = plan
        self.rollbackTarget = rollbackTarget
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        `protocol` = try container.decode(Int.self, forKey: .protocol)
        verb = try container.decode(String.self, forKey: .verb)
        module = try container.decodeIfPresent(String.self, forKey: .module)
        run = try container.decode(Run.self, forKey: .run)
        environment = try container.decodeIfPresent(Environment.self, forKey: .environment)
        parameters = try container.decodeIfPresent([String: StepValue].self, forKey: .parameters) ?? [:]
        plan = try container.decodeIfPresent(EnvironmentPlan.self, forKey: .plan)
        rollbackTarget = try container.decodeIfPresent(String.self, forKey: .rollbackTarget)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(`protocol`, forKey: .protocol)
        try container.encode(verb, forKey: .verb)
        try container.encodeIfPresent(module, forKey: .module)
        try container.encode(run, forKey: .run)
        if `protocol` >= 2 { try container.encode(environment, forKey: .environment) } else { try container.encode(environment?.protocol1, forKey: .environment) }
        try container.encode(parameters, forKey: .parameters)
        if `protocol` >= 2 { try container.encode(plan, forKey: .plan) }
        try container.encode(rollbackTarget, forKey: .rollbackTarget)
    }

    private enum CodingKeys: String, CodingKey {
        case `protocol`, verb, module, run, environment, parameters, plan, rollbackTarget
    }
}
