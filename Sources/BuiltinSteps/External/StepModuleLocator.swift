import Foundation
import PipelineModel

/// Finds team step modules: the executable `pipeline-step-NAME` in the repository's `steps/`,
/// then in each folder of `PIPELINE_STEP_PATH`, then of `PATH` (`docs/step-protocol.md`).
public struct StepModuleLocator: Sendable {
    /// Where a module was found; decides whether it must answer the handshake.
    public enum Source: String, Codable, Sendable, Equatable {
        /// `Custom(executable:)`: the pipeline names the file.
        case declared
        /// `steps/` in the repository.
        case repository
        /// A folder of `PIPELINE_STEP_PATH`.
        case stepPath = "PIPELINE_STEP_PATH"
        /// A folder of `PATH`.
        case path = "PATH"

        /// Whether a program found here that does not answer `describe` may still run as a
        /// version 1 module: only files the repository names or holds; on the search paths
        /// anything can be called `pipeline-step-…`.
        public var acceptsVersion1: Bool { self == .declared || self == .repository }
    }

    /// A module's executable and where it was found.
    public struct Location: Sendable, Equatable {
        public var module: String
        public var path: String
        public var source: Source
    }

    public static let prefix = "pipeline-step-"

    public var workspace: URL
    public var stepPath: [String]
    public var path: [String]

    /// A locator for `workspace`, reading `PIPELINE_STEP_PATH` and `PATH` from `environment`.
    public init(workspace: URL, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.workspace = workspace
        stepPath = Self.folders(environment["PIPELINE_STEP_PATH"])
        path = Self.folders(environment["PATH"])
    }

    /// The folders of a `PATH`-like value; a relative one is taken from the current directory.
    static func folders(_ value: String?) -> [String] {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return (value ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }.map { folder in
            folder.hasPrefix("/") ? folder : current.appendingPathComponent(folder).standardizedFileURL.path
        }
    }

    /// The folders searched, in order, with what each is.
    public var searchOrder: [(folder: String, source: Source)] {
        [(workspace.appendingPathComponent("steps").path, .repository)] + stepPath.map { ($0, .stepPath) } + path.map { ($0, .path) }
    }

    /// Whether `name` can name a module: 1–64 ASCII letters, digits, `-`, `_` and `.`, not only
    /// dots; so `pipeline-step-NAME` is one file in its folder, never a path out of it.
    public static func isModuleName(_ name: String) -> Bool {
        PipelineValidator.isName(name) && name.contains { $0 != "." }
    }

    /// The module `name`, at `executable` (relative to the workspace) when the pipeline names one.
    public func locate(_ name: String, executable: String? = nil) throws -> Location {
        guard executable != nil || Self.isModuleName(name) else {
            throw ExternalStepError.notFound(module: name, searched: [], declared: false)
        }
        if let executable {
            let path = executable.hasPrefix("/") ? executable : workspace.appendingPathComponent(executable).path
            guard Self.isExecutable(path) else {
                throw ExternalStepError.notFound(module: name, searched: [path], declared: true)
            }
            return Location(module: name, path: path, source: .declared)
        }
        for (folder, source) in searchOrder {
            let candidate = folder + "/" + Self.prefix + name
            if Self.isExecutable(candidate) { return Location(module: name, path: candidate, source: source) }
        }
        throw ExternalStepError.notFound(module: name, searched: searchOrder.map { $0.folder + "/" + Self.prefix + name }, declared: false)
    }

    /// Every module found, the first of each name (later ones are shadowed, as on `PATH`).
    public func all() -> [Location] {
        var seen: Set<String> = []
        var found: [Location] = []
        for (folder, source) in searchOrder {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            for file in names where file.hasPrefix(Self.prefix) && file.count > Self.prefix.count && !file.contains(".") {
                let module = String(file.dropFirst(Self.prefix.count))
                let candidate = folder + "/" + file
                guard !seen.contains(module), Self.isExecutable(candidate) else { continue }
                seen.insert(module)
                found.append(Location(module: module, path: candidate, source: source))
            }
        }
        return found
    }

    static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
