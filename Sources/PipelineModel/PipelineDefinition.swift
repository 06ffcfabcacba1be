/// A whole pipeline as the engine sees it: decoded from the document a pipeline file writes.
public struct PipelineDefinition: Sendable, Equatable {
    public var name: String
    public var approvers: Approvers
    public var stages: [StageDefinition]
    public var secrets: [String]
    /// Where run state is kept, as the pipeline file says (nil: not said).
    public var state: StateDefinition?
    public var location: SourceLocation
    /// Every environment the document lists, once each (a name twice only when it was declared
    /// twice with different settings, which ``PipelineValidator`` refuses); stages and steps hold
    /// the first of each name. Empty for a definition made in code, whose environments are its
    /// stages' and steps'.
    public var declaredEnvironments: [EnvironmentDefinition]

    /// Who may approve, in which roles, and how their approvals are proven (see the DSL's `Approvers`).
    public struct Approvers: Sendable, Equatable {
        /// Each approver's identity and the roles they hold.
        public var members: [String: [String]]
        /// Each approver's SSH public keys (`authorized_keys` lines).
        public var keys: [String: [String]]
        /// A repository path of an `allowed_signers` file, read at the run's commit.
        public var allowedSigners: String?
        public var identityProviders: [IdentityProviderDefinition]
        /// Whether unsigned approvals count (local demos).
        public var allowUnsigned: Bool
        /// Where the approvers are declared.
        public var location: SourceLocation?

        public init(members: [String: [String]] = [:], keys: [String: [String]] = [:], allowedSigners: String? = nil,
                    identityProviders: [IdentityProviderDefinition] = [], allowUnsigned: Bool = false, location: SourceLocation? = nil) {
            self.location = location
            self.members = members
            self.keys = keys
            self.allowedSigners = allowedSigners
            self.identityProviders = identityProviders
            self.allowUnsigned = allowUnsigned
        }

        public var roles: Set<String> { Set(members.values.flatMap { $0 }) }

        /// The approvers who hold `role`.
        public func holders(of role: String) -> [String] {
            members.filter { $0.value.contains(role) }.map(\.key).sorted()
        }

        /// Whether some way of proving `identity` is declared: unsigned approvals allowed, keys of
        /// their own, an allowed_signers file (checked against its contents where it is read), or
        /// an identity provider.
        public func canVerify(_ identity: String) -> Bool {
            allowUnsigned || !(keys[identity] ?? []).isEmpty || allowedSigners != nil || !identityProviders.isEmpty
        }

        /// These approvers restricted to the identities `keep` accepts.
        public func restricted(to keep: (String) -> Bool) -> Approvers {
            var copy = self
            copy.members = members.filter { keep($0.key) }
            return copy
        }
    }

    public init(
        name: String, approvers: Approvers = Approvers(), stages: [StageDefinition], secrets: [String] = [],
        state: StateDefinition? = nil, location: SourceLocation, declaredEnvironments: [EnvironmentDefinition] = []
    ) {
        self.declaredEnvironments = declaredEnvironments
        self.name = name
        self.approvers = approvers
        self.stages = stages
        self.secrets = secrets
        self.state = state
        self.location = location
    }

    /// The stage called `name`.
    public func stage(named name: String) -> StageDefinition? {
        stages.first { $0.name == name }
    }

    /// Every environment that a stage or step names, by name, first declaration first.
    public var environments: [EnvironmentDefinition] {
        var seen: [String: EnvironmentDefinition] = [:]
        var ordered: [EnvironmentDefinition] = []
        for stage in stages {
            for environment in [stage.environment].compactMap({ $0 }) + stage.steps.compactMap(\.environment)
            where seen[environment.name] == nil {
                seen[environment.name] = environment
                ordered.append(environment)
            }
        }
        return ordered
    }
}

