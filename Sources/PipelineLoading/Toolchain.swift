import Foundation

/// The Swift compiler that builds pipeline files.
public struct Toolchain: Sendable {
    /// The `swiftc` executable.
    public var compiler: URL
    /// A string that changes whenever the compiler changes (path, size, modification time),
    /// read without running it, so a cached load does not pay for `swiftc --version`.
    public var identity: String

    /// Finds `swiftc`: `$SWIFTC`, then `PATH`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Toolchain {
        var searched: [String] = []
        var candidates: [String] = []
        if let explicit = environment["SWIFTC"], !explicit.isEmpty {
            candidates.append(explicit)
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            candidates.append(String(directory) + "/swiftc")
        }
        for candidate in candidates {
            searched.append(candidate)
            if FileManager.default.isExecutableFile(atPath: candidate) {
                // Run it by the name found (`swiftc` is a link whose name selects the driver mode);
                // identify it by what it points to.
                let url = URL(fileURLWithPath: candidate)
                return Toolchain(compiler: url, identity: fileIdentity(url.resolvingSymlinksInPath().path))
            }
        }
        throw LoaderError.compilerNotFound(searched: searched.isEmpty ? ["$SWIFTC", "$PATH"] : Array(searched.prefix(6)))
    }

    public init(compiler: URL, identity: String) {
        self.compiler = compiler
        self.identity = identity
    }
}

/// Path, size and modification time of a file: cheap change detection.
func fileIdentity(_ path: String) -> String {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
    let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "\(path)|\(size)|\(modified)"
}
