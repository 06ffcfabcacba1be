import Foundation

/// A whole pipeline as the engine sees it: decoded from the document a pipeline file writes.
public struct PipelineDefinition: Codable, Sendable, Equatable {
    public var name: String
    public var approvers: Approvers
    public var stages: [StageDefinition]
    public var secrets: [String]
    /// Where run state is kept, as the pipeline file says (nil: not said).
    public var state: StateDefinition?
    public var location: SourceLocation

    /// Who may approve, in which roles, and how their approvals are proven (see the DSL's `Approvers`).
    public struct Approvers: Codable, Sendable, Equatable {
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
                    identityProviders: [IdentityProviderDefinition] = [], allowUnsigned: Bool = false) {
            self.members = members
            self.keys = keys
            self.allowedSigners = allowedSigners
            self.identityProviders = identityProviders
            self.allowUnsigned = allowUnsigned
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            members = try container.decode([String: [String]].self, forKey: .members)
            keys = try container.decodeIfPresent([String: [String]].self, forKey: .keys) ?? [:]
            allowedSigners = try container.decodeIfPresent(String.self, forKey: .allowedSigners)
            identityProviders = try container.decodeIfPresent([IdentityProviderDefinition].self, forKey: .identityProviders) ?? []
            allowUnsigned = try container.decodeIfPresent(Bool.self, forKey: .allowUnsigned) ?? false
            location = try container.decodeIfPresent(SourceLocation.self, forKey: .location)
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
        state: StateDefinition? = nil, location: SourceLocation
    ) {
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

/// The versioned document a pipeline file writes.
public struct PipelineDocument: Codable, Sendable, Equatable {
    /// How deeply a document may nest arrays and objects.
    public static let maximumNesting = 2 * ConditionDefinition.maximumDepth + 32

    /// The document versions this runner reads.
    public static let supportedVersions = 1...1

    public var version: Int
    public var pipeline: PipelineDefinition

    public init(version: Int = 1, pipeline: PipelineDefinition) {
        self.version = version
        self.pipeline = pipeline
    }

    /// Decodes a document, refusing versions this runner does not read.
    public static func decode(_ data: Data) throws -> PipelineDocument {
        struct Header: Decodable {
            var version: Int?
            var error: String?
        }
        // Conditions nest at most `ConditionDefinition.maximumDepth`; with the levels around
        // them a valid document stays well inside this. Checked before decoding, which recurses.
        guard JSONNesting.depth(of: data, limit: maximumNesting) != nil else { throw DocumentError.tooDeep(limit: maximumNesting) }
        let header = try JSONDecoder().decode(Header.self, from: data)
        if let error = header.error { throw DocumentError.declared(error) }
        guard let version = header.version else { throw DocumentError.missingVersion }
        guard supportedVersions.contains(version) else { throw DocumentError.unsupportedVersion(version) }
        return try JSONDecoder().decode(PipelineDocument.self, from: data)
    }

    /// The document as canonical JSON (sorted keys).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}

/// Why a pipeline document could not be read.
public enum DocumentError: Error, Equatable, CustomStringConvertible {
    case missingVersion
    case unsupportedVersion(Int)
    /// The pipeline file itself reported a problem (e.g. two `Pipeline` declarations).
    case declared(String)
    /// Arrays and objects nest deeper than `limit` (a condition nested far too deeply).
    case tooDeep(limit: Int)

    public var description: String {
        switch self {
        case .missingVersion: "the pipeline document has no version; is the runtime library from another version?"
        case .unsupportedVersion(let version):
            "the pipeline document has version \(version); this runner reads \(PipelineDocument.supportedVersions)"
        case .declared(let message): message
        case .tooDeep(let limit):
            "the pipeline document nests arrays and objects more than \(limit) levels deep; conditions may nest at most \(ConditionDefinition.maximumDepth) levels (all inside all): flatten them"
        }
    }
}
