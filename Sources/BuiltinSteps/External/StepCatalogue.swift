import Foundation
import PipelineEngine
import PipelineModel

/// What `pipeline steps` lists: the built-in steps, then every team module found from a
/// workspace, each with what its `describe` answered.
public enum StepCatalogue {
    public struct Entry: Codable, Sendable, Equatable {
        public var name: String
        /// `built-in`, `repository`, `PIPELINE_STEP_PATH` or `PATH`.
        public var source: String
        public var path: String?
        public var version: String?
        public var `protocol`: Int?
        public var summary: String?
        public var supports: StepProtocol.Description.Supports?
        public var requiresEnvironment: Bool?
        public var parameters: JSONValue?
        /// Why a program found by name is not usable as a step module.
        public var problem: String?

        /// Where it comes from, for people.
        public var fromText: String { path.map { "\(source) (\($0))" } ?? source }
    }

    /// Built-in steps, then team modules in search order (the first of each name).
    public static func entries(workspace: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> [Entry] {
        let builtin = BuiltinSteps.registry().catalogue.map { Entry(name: $0.kind, source: "built-in", summary: $0.summary) }
        return builtin + StepModuleLocator(workspace: workspace, environment: environment).all().map { entry(for: $0, workspace: workspace) }
    }

    /// The entry of the built-in kind or team module `name`.
    public static func entry(named name: String, workspace: URL,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Entry {
        if let builtin = BuiltinSteps.registry().catalogue.first(where: { $0.kind == name }) {
            return Entry(name: builtin.kind, source: "built-in", summary: builtin.summary)
        }
        let location = try StepModuleLocator(workspace: workspace, environment: environment).locate(name)
        let found = entry(for: location, workspace: workspace)
        if let problem = found.problem { throw ExternalStepError.describeFailed(module: name, path: location.path, reason: problem) }
        return found
    }

    static func entry(for location: StepModuleLocator.Location, workspace: URL) -> Entry {
        var entry = Entry(name: location.module, source: location.source.rawValue, path: location.path)
        do {
            switch try StepModuleHandshake.shared.describe(location, workingDirectory: workspace) {
            case .module(let description):
                entry.version = description.version
                entry.protocol = description.protocol
                entry.summary = description.summary
                entry.supports = description.supported
                entry.requiresEnvironment = description.requiresEnvironment
                entry.parameters = description.parameters
            case .version1:
                entry.protocol = 1
                entry.summary = "a version 1 module (no describe answer; its parameters are not checked)"
            }
        } catch {
            entry.problem = "\(error)"
        }
        return entry
    }

    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
