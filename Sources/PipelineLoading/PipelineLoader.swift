import Crypto
import Foundation
import PipelineBasics
@_spi(PipelineWire) import PipelineModel
import ProcessKit

/// Loads a pipeline file the way SwiftPM loads `Package.swift`: compile it against the shipped
/// `PipelineDescription` module, run it, read the versioned JSON it writes to descriptor 3,
/// decode it into the engine's model and validate it.
///
/// Compiled pipelines are cached by a SHA-256 key over the file's bytes, the path it is
/// compiled as, the runner's version, the compiler's identity and the runtime's identity. The
/// document an evaluation produced is cached beside it, keyed also by the evaluation's
/// environment (the few variables it gets, see `PipelineLoader+Environment.swift`) and the
/// working directory, as SwiftPM caches manifests: a cached load starts no process at all; a
/// changed environment costs one process start. The cache is private (folders 0700, files 0600)
/// and holds no secret value (see `PipelineLoader+Secrets.swift`).
public struct PipelineLoader: Sendable {
    public var runtime: DescriptionRuntime
    public var cacheDirectory: URL
    public var compileTimeout: Duration
    public var evaluationTimeout: Duration
    public var validator: PipelineValidator
    /// The runner's environment. The pipeline file is evaluated with only part of it (the base
    /// variables and those it declares, ``evaluationEnvironment(declared:)``), which is also part
    /// of the document cache key.
    public var environment: [String: String]
    /// Where the values of the secrets a pipeline declares are read, to keep them out of its
    /// document (the runner's environment).
    public var secretValues: [String: String]
    /// Locates the compiler; replaced in tests.
    public var locateToolchain: @Sendable () throws -> Toolchain

    public init(
        runtime: DescriptionRuntime,
        cacheDirectory: URL = PipelineLoader.defaultCacheDirectory(),
        compileTimeout: Duration = .seconds(PipelineLoader.seconds(from: "PIPELINE_COMPILE_TIMEOUT", default: 300)),
        evaluationTimeout: Duration = .seconds(PipelineLoader.seconds(from: "PIPELINE_LOAD_TIMEOUT", default: 30)),
        validator: PipelineValidator = PipelineValidator(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        locateToolchain: @escaping @Sendable () throws -> Toolchain = { try Toolchain.locate() }
    ) {
        self.runtime = runtime
        self.cacheDirectory = cacheDirectory
        self.compileTimeout = compileTimeout
        self.evaluationTimeout = evaluationTimeout
        self.validator = validator
        self.environment = environment
        self.secretValues = environment
        self.locateToolchain = locateToolchain
    }

    /// `$PIPELINE_CACHE_DIR`, else `$XDG_CACHE_HOME/pipeline`, else `~/.cache/pipeline`.
    public static func defaultCacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit = environment["PIPELINE_CACHE_DIR"], !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("pipeline") }
        // $HOME first, as XDG's default does: a CI job's home, not the account's passwd entry.
        if let home = environment["HOME"], !home.isEmpty { return URL(fileURLWithPath: home).appendingPathComponent(".cache/pipeline") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/pipeline")
    }

    public static func seconds(from variable: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[variable].flatMap(Int.init).map { max($0, 1) } ?? value
    }

    /// Loads, decodes and validates the pipeline file at `path` (as the user wrote it).
    public func load(_ path: String) async throws -> LoadedPipeline {
        guard let bytes = FileManager.default.contents(atPath: path) else { throw LoaderError.fileNotFound(path) }
        if let (line, column) = Self.firstInvalidUTF8(bytes) {
            throw LoaderError.notUTF8(path: path, line: line, column: column)
        }
        let reducedEnvironment = evaluationEnvironment(declared: try Self.declaredVariables(in: bytes, path: path))
        let toolchain = try locateToolchain()
        let digest = SHA256.hash(data: bytes).hexString
        var hasher = SHA256()
        for part in ["pipeline-cache-v1", PipelineVersion.current, toolchain.identity, runtime.identity, path, digest] {
            hasher.update(data: Data(part.utf8))
            hasher.update(data: Data([0]))
        }
        let key = hasher.finalize().hexString
        let executable = cacheDirectory.appendingPathComponent("pipelines").appendingPathComponent(key)
        var cacheHit = FileManager.default.isExecutableFile(atPath: executable.path)
        let documentFile = URL(fileURLWithPath: executable.path + "." + Self.documentKey(reducedEnvironment) + ".json")
        if cacheHit, let cached = FileManager.default.contents(atPath: documentFile.path),
           let document = try? PipelineDocument.decode(cached), document.version == PipelineDocument.currentVersion {
            return try validated(document, bytes: cached, path: path, digest: digest, cacheHit: true)
        }
        if !cacheHit {
            try await compile(path, to: executable, toolchain: toolchain)
        }
        let result: ChildProcess.Result
        do {
            result = try await evaluate(executable, path: path, environment: reducedEnvironment)
        } catch let error as ChildProcessError where cacheHit {
            // A cache entry that cannot start (a partial copy, a removed library) is rebuilt once.
            _ = error
            try? FileManager.default.removeItem(at: executable)
            try await compile(path, to: executable, toolchain: toolchain)
            cacheHit = false
            result = try await evaluate(executable, path: path, environment: reducedEnvironment)
        }
        let (document, documentBytes) = try decode(result, path: path)
        let loaded = try validated(document, bytes: documentBytes, path: path, digest: digest, cacheHit: cacheHit)
        // Only documents that loaded and validated are cached (written whole, then renamed, 0600).
        try? PrivateFiles.write(Array(loaded.document), to: documentFile.path)
        return loaded
    }

    /// The loaded pipeline of `document`, whose JSON is `bytes` (kept as they are: what the cache
    /// and a run record hold is what the pipeline file wrote, with its secrets' values replaced).
    private func validated(_ document: PipelineDocument, bytes: Data, path: String, digest: String, cacheHit: Bool) throws -> LoadedPipeline {
        let issues = validator.validate(document.pipeline)
        if !issues.isEmpty { throw LoaderError.invalid(path: path, issues: issues) }
        return LoadedPipeline(definition: document.pipeline, path: path, sourceDigest: digest, document: bytes, cacheHit: cacheHit)
    }

    private func compile(_ path: String, to executable: URL, toolchain: Toolchain) async throws {
        let directory = executable.deletingLastPathComponent()
        do throws(PrivateFileError) {
            try PrivateFiles.createDirectory(cacheDirectory.path)
            try PrivateFiles.createDirectory(directory.path)
        } catch {
            throw LoaderError.cacheUnwritable(path: error.path, reason: error.reason)
        }
        let temporary = directory.appendingPathComponent(".\(executable.lastPathComponent).\(getpid()).tmp")
        let library = runtime.libraryDirectory.path
        var process = ChildProcess(
            executable: toolchain.compiler.path,
            arguments: [
                "-module-name", "main", "-swift-version", "6",
                "-I", runtime.modulesDirectory.path, "-L", library, "-lPipelineDescription",
                "-Xlinker", "-rpath", "-Xlinker", library,
                "-module-cache-path", cacheDirectory.appendingPathComponent("module-cache").path,
                path, "-o", temporary.path,
            ],
            timeout: compileTimeout)
        process.killGracePeriod = .seconds(1)
        let result = try await process.run()
        switch result.status {
        case .exited(0):
            break
        case .cancelled:
            try? FileManager.default.removeItem(at: temporary)
            throw CancellationError()
        case .timedOut:
            throw LoaderError.compileTimedOut(path: path, seconds: Int(compileTimeout.components.seconds))
        default:
            try? FileManager.default.removeItem(at: temporary)
            let diagnostics = String(decoding: result.stderr + result.stdout, as: UTF8.self)
            throw LoaderError.compileFailed(path: path, diagnostics: Self.userDiagnostics(diagnostics))
        }
        PrivateFiles.restrict(temporary.path, mode: 0o700)
        if rename(temporary.path, executable.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw LoaderError.cacheUnwritable(path: executable.path, reason: String(cString: strerror(errno)))
        }
    }

    private func evaluate(_ executable: URL, path: String, environment: [String: String]) async throws -> ChildProcess.Result {
        var process = ChildProcess(executable: executable.path, arguments: ["-fileno", "3"], environment: environment, timeout: evaluationTimeout)
        process.captureDescriptor3 = true
        process.killGracePeriod = .milliseconds(500)
        let result = try await process.run()
        switch result.status {
        case .exited(0):
            return result
        case .cancelled:
            throw CancellationError()
        case .timedOut:
            throw LoaderError.evaluationTimedOut(path: path, seconds: Int(evaluationTimeout.components.seconds))
        case let status:
            var output = String(decoding: result.stderr + result.stdout, as: UTF8.self)
            // The document (and so which variables are secret) is unknown here: hide the value of
            // every variable the file declared it reads, should it have printed one.
            for (name, value) in environment where !Self.baseVariables.contains(name) && !name.hasPrefix("LC_") && value.count >= 4 {
                output = output.replacingOccurrences(of: value, with: "***")
            }
            throw LoaderError.evaluationFailed(path: path, termination: status.description, output: String(output.suffix(4000)))
        }
    }

    /// The evaluated document and its JSON in the current version (the channel's bytes when the
    /// pipeline file wrote that version and no secret was substituted).
    private func decode(_ result: ChildProcess.Result, path: String) throws -> (PipelineDocument, Data) {
        if result.channel.allSatisfy({ $0 == 0x20 || $0 == 0x0A }) { throw LoaderError.noPipelineDeclared(path: path) }
        let (document, substituted) = try substitutingSecrets(in: result.channel, path: path)
        if !substituted && document.version == PipelineDocument.currentVersion {
            var bytes = result.channel
            while let last = bytes.last, last == 0x0A || last == 0x20 { bytes.removeLast() }
            return (document, bytes)
        }
        return (document, try document.encoded())
    }

    func decodeDocument(_ channel: Data, path: String) throws -> PipelineDocument {
        do {
            return try PipelineDocument.decode(channel)
        } catch let error as DocumentError {
            throw LoaderError.badDocument(path: path, reason: error.description)
        } catch let error as DecodingError {
            throw LoaderError.badDocument(path: path, reason: "the pipeline document does not match this runner (\(Self.describe(error))); are the runner and its PipelineDescription library from the same build?")
        }
    }
}

extension PipelineLoader {
    /// Variables that change between shells without changing what a pipeline file computes.
    static let volatileVariables: Set<String> = [
        "_", "PWD", "OLDPWD", "SHLVL", "TERM_SESSION_ID", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "WINDOWID",
        "SECURITYSESSIONID", "TMUX_PANE", "COLUMNS", "LINES",
    ]

    /// A key over the evaluation's inputs besides the file: its environment and the folder.
    static func documentKey(_ environment: [String: String]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(FileManager.default.currentDirectoryPath.utf8))
        for key in environment.keys.sorted() where !Self.volatileVariables.contains(key) {
            hasher.update(data: Data("\0\(key)=\(environment[key]!)".utf8))
        }
        return String(hasher.finalize().hexString.prefix(24))
    }

    /// The 1-based line and column of the first byte that is not valid UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: Data) -> (Int, Int)? {
        UTF8Check.firstInvalidPosition(in: bytes).map { ($0.line, $0.column) }
    }

    /// The compiler's own output, which already names the user's `path:line:col`.
    static func userDiagnostics(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            "missing '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default:
            "\(error)"
        }
    }
}

extension Digest {
    var hexString: String {
        map { String(format: "%02x", $0) }.joined()
    }
}
