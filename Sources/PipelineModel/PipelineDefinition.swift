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

    public struct Approvers: Codable, Sendable, Equatable {
        /// Each approver's identity and the roles they hold.
        public var members: [String: [String]]

        public init(members: [String: [String]] = [:]) {
            self.members = members
        }

        public var roles: Set<String> { Set(members.values.flatMap { $0 }) }

        /// The approvers who hold `role`.
        public func holders(of role: String) -> [String] {
            members.filter { $0.value.contains(role) }.map(\.key).sorted()
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

    public var description: String {
        switch self {
        case .missingVersion: "the pipeline document has no version; is the runtime library from another version?"
        case .unsupportedVersion(let version):
            "the pipeline document has version \(version); this runner reads \(PipelineDocument.supportedVersions)"
        case .declared(let message): message
        }
    }
}
