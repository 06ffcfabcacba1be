import Foundation

/// Where the package's build products are, for tests that run the real `pipeline` binary or
/// compile pipeline files against the real `PipelineDescription` library.
///
/// The build folder is `$PIPELINE_BUILD_DIR`, else `<package>/.build/debug`. Tests need
/// `swift build` to have run first (it builds the binary and the dynamic library); when they are
/// missing, ``require()`` throws an error saying so.
public enum PipelineBuild {
    /// The package root, found from this file's path.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var directory: URL {
        if let explicit = ProcessInfo.processInfo.environment["PIPELINE_BUILD_DIR"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }

    public static var executable: URL { directory.appendingPathComponent("pipeline") }
    public static var library: URL { directory.appendingPathComponent("libPipelineDescription.so") }
    public static var modules: URL { directory.appendingPathComponent("Modules") }

    /// The shared test data folder beside the checkout (`../shared/testdata`).
    public static var sharedTestData: URL {
        packageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    }

    public struct Missing: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) is missing: run `swift build` before `swift test` (the tests use the real binary and library)" }
    }

    /// Throws unless the binary and the library exist.
    public static func require() throws {
        for url in [executable, library, modules.appendingPathComponent("PipelineDescription.swiftmodule")]
        where !FileManager.default.fileExists(atPath: url.path) {
            throw Missing(path: url.path)
        }
    }
}
