import Foundation

/// Where the `PipelineDescription` library and module a pipeline file compiles against live.
///
/// Two layouts are recognised, relative to the runner's own executable:
/// - a build folder (`swift build`, `swift run`): `<bin>/libPipelineDescription.so` and
///   `<bin>/Modules/PipelineDescription.swiftmodule`;
/// - an installed layout (`make install PREFIX=…`): `<prefix>/bin/pipeline` with
///   `<prefix>/lib/pipeline/libPipelineDescription.so` and `<prefix>/lib/pipeline/Modules/`.
/// `PIPELINE_RUNTIME_DIR` overrides both (a folder in either shape).
public struct DescriptionRuntime: Sendable {
    public var libraryDirectory: URL
    public var modulesDirectory: URL
    /// Changes whenever the library or its module changes.
    public var identity: String

    static let libraryName = "libPipelineDescription.so"

    public init(libraryDirectory: URL, modulesDirectory: URL) {
        self.libraryDirectory = libraryDirectory
        self.modulesDirectory = modulesDirectory
        let module = modulesDirectory.appendingPathComponent("PipelineDescription.swiftmodule").path
        self.identity = fileIdentity(libraryDirectory.appendingPathComponent(Self.libraryName).path) + "|" + fileIdentity(module)
    }

    /// Finds the runtime next to `executable` (default: this process's executable).
    public static func locate(
        executable: URL? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> DescriptionRuntime {
        var candidates: [URL] = []
        if let explicit = environment["PIPELINE_RUNTIME_DIR"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        let binary = executable ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let bin = binary.deletingLastPathComponent()
        candidates.append(bin)
        candidates.append(bin.deletingLastPathComponent().appendingPathComponent("lib/pipeline"))
        for directory in candidates {
            let library = directory.appendingPathComponent(libraryName)
            let modules = directory.appendingPathComponent("Modules")
            if FileManager.default.fileExists(atPath: library.path),
               FileManager.default.fileExists(atPath: modules.appendingPathComponent("PipelineDescription.swiftmodule").path) {
                return DescriptionRuntime(libraryDirectory: directory, modulesDirectory: modules)
            }
        }
        throw LoaderError.runtimeMissing(searched: candidates.map(\.path))
    }
}
