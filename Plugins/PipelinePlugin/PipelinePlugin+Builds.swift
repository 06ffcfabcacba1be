import Foundation
import PackagePlugin

/// What the plugin builds before it runs the runner: the runner, its runtime and the package's
/// step modules, in the package's own build folder (debug).
extension PipelinePlugin {
    /// The environment variable naming a runner that is already built; the plugin then builds
    /// only the runtime and the step modules.
    static let runnerVariable = "PIPELINE_RUNNER"

    /// The runner `PIPELINE_RUNNER` names, else the `pipeline` product built now.
    func runnerExecutable(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let given = environment[Self.runnerVariable], !given.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: given) else {
                throw PluginFailure("\(Self.runnerVariable)=\(given) is not an executable file; build the runner (swift build --product pipeline) or unset \(Self.runnerVariable) to let the plugin build it")
            }
            Diagnostics.progress("runner from \(Self.runnerVariable): \(given)")
            return URL(fileURLWithPath: given)
        }
        let result = try build(product: "pipeline")
        guard let executable = result.builtArtifacts.first(where: { $0.kind == .executable && $0.url.lastPathComponent == "pipeline" }) else {
            throw PluginFailure("building product 'pipeline' produced no runner (built: \(Self.names(result)))")
        }
        return executable.url
    }

    /// Builds the `PipelineDescription` library; returns the folder holding it and `Modules/`,
    /// the layout the runner expects in `PIPELINE_RUNTIME_DIR`.
    func buildRuntime() throws -> URL {
        let result = try build(product: "PipelineDescription")
        guard let library = result.builtArtifacts.first(where: { $0.kind == .dynamicLibrary }) else {
            throw PluginFailure("building product 'PipelineDescription' produced no dynamic library (built: \(Self.names(result)))")
        }
        return library.url.deletingLastPathComponent()
    }

    /// Builds each executable product of `package` named `pipeline-step-…`; returns the folders
    /// of the built executables, in the products' name order.
    func buildStepModules(of package: Package) throws -> [String] {
        let products = package.products.filter { $0 is ExecutableProduct && $0.name.hasPrefix(Self.stepPrefix) }
        var folders: [String] = []
        for product in products.sorted(by: { $0.name < $1.name }) {
            let result = try build(product: product.name)
            guard let executable = result.builtArtifacts.first(where: { $0.kind == .executable && $0.url.lastPathComponent == product.name })
                ?? result.builtArtifacts.first(where: { $0.kind == .executable })
            else {
                throw PluginFailure("building product '\(product.name)' produced no executable (built: \(Self.names(result)))")
            }
            Diagnostics.progress("step module \(product.name): \(executable.url.path)")
            folders.append(executable.url.deletingLastPathComponent().path)
        }
        return folders
    }

    /// Builds one product in debug, echoing the build log; a failed build throws.
    private func build(product: String) throws -> PackageManager.BuildResult {
        let result = try packageManager.build(.product(product), parameters: .init(configuration: .debug, logging: .concise, echoLogs: true))
        guard result.succeeded else {
            throw PluginFailure("building product '\(product)' failed (the build log is above); fix the errors it names and run the command again")
        }
        return result
    }

    private static func names(_ result: PackageManager.BuildResult) -> String {
        let names = result.builtArtifacts.map(\.url.lastPathComponent)
        return names.isEmpty ? "nothing" : names.joined(separator: ", ")
    }
}
