// The pipeline document's wire format: what a pipeline file writes and the runner reads.
//
// This file and its siblings in this folder are compiled into both `PipelineDescription` (which
// writes the document) and `PipelineModel` (which reads it; the files there are symbolic links to
// these), like SwiftPM's `PackageDescriptionSerialization`. They use the standard library only.
// The shape is described in docs/pipeline-document.md; change it only together with
// `PipelineSerialization.version` and the runner's reading of older versions.

/// The pipeline document's types, as written to and read from JSON.
@_spi(PipelineWire)
public enum PipelineSerialization {
    /// The version of the document's format this code writes.
    public static let version = 2

    /// The document: its format version and the pipeline.
    public struct Document: Codable, Sendable, Equatable {
        public var version: Int
        public var pipeline: Pipeline

        public init(version: Int = PipelineSerialization.version, pipeline: Pipeline) {
            self.version = version
            self.pipeline = pipeline
        }
    }

    /// The pipeline. Every environment is listed once in `environments` (a name appears twice
    /// only when it was declared twice with different settings, which the runner refuses);
    /// stages and steps name theirs.
    public struct Pipeline: Codable, Sendable, Equatable {
        public var name: String
        public var approvers: Approvers
        public var environments: [Environment]
        public var stages: [Stage]
        public var secrets: [String]
        public var state: State?
        public var location: SourceLocation

        public init(
            name: String, approvers: Approvers, environments: [Environment], stages: [Stage], secrets: [String],
            state: State?, location: SourceLocation
        ) {
            self.name = name
            self.approvers = approvers
            self.environments = environments
            self.stages = stages
            self.secrets = secrets
            self.state = state
            self.location = location
        }
    }

    /// A stage. `environment` is the name of one of the pipeline's `environments`; `gate` is the
    /// stage's own gate, absent when the stage stands behind its environment's gate.
    public struct Stage: Codable, Sendable, Equatable {
        public var name: String
        public var dependsOn: [String]
        public var environment: String?
        public var gate: Gate?
        public var rollback: Rollback
        public var condition: Condition?
        public var steps: [Step]
        public var failFast: Bool
        public var location: SourceLocation

        public init(
            name: String, dependsOn: [String], environment: String?, gate: Gate?, rollback: Rollback, condition: Condition?,
            steps: [Step], failFast: Bool, location: SourceLocation
        ) {
            self.name = name
            self.dependsOn = dependsOn
            self.environment = environment
            self.gate = gate
            self.rollback = rollback
            self.condition = condition
            self.steps = steps
            self.failFast = failFast
            self.location = location
        }

        private enum CodingKeys: String, CodingKey { case name, dependsOn, environment, gate, rollback, condition, steps, failFast, location }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            dependsOn = try container.decode([String].self, forKey: .dependsOn)
            environment = try container.decodeIfPresent(String.self, forKey: .environment)
            gate = try container.decodeIfPresent(Gate.self, forKey: .gate)
            rollback = try container.decode(Rollback.self, forKey: .rollback)
            condition = try container.decodeIfPresent(Condition.self, forKey: .condition)
            steps = try container.decode([Step].self, forKey: .steps)
            failFast = try container.decodeIfPresent(Bool.self, forKey: .failFast) ?? true
            location = try container.decode(SourceLocation.self, forKey: .location)
        }
    }

    /// A step: the step module that runs it (`kind`) and its parameters.
    public struct Step: Codable, Sendable, Equatable {
        public var kind: String
        public var name: String
        public var parameters: [String: Value]
        public var timeoutSeconds: Double?
        public var condition: Condition?
        public var continueOnError: Bool
        /// The name of the environment the step acts on, when it is not its stage's.
        public var environment: String?
        public var location: SourceLocation

        public init(
            kind: String, name: String, parameters: [String: Value], timeoutSeconds: Double?, condition: Condition?,
            continueOnError: Bool, environment: String?, location: SourceLocation
        ) {
            self.kind = kind
            self.name = name
            self.parameters = parameters
            self.timeoutSeconds = timeoutSeconds
            self.condition = condition
            self.continueOnError = continueOnError
            self.environment = environment
            self.location = location
        }

        /// The name of a `shell` step declared without one: its command's first line, cut at
        /// 60 characters.
        public static func defaultShellName(_ command: String) -> String {
            let firstLine = command.split(separator: "\n").first.map(String.init) ?? command
            return firstLine.count > 60 ? String(firstLine.prefix(57)) + "..." : firstLine
        }
    }

    /// A place in the pipeline file.
    public struct SourceLocation: Codable, Sendable, Equatable {
        public var file: String
        public var line: Int

        public init(file: String, line: Int) {
            self.file = file
            self.line = line
        }
    }
}
