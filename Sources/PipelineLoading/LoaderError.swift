import PipelineBasics
import PipelineModel

/// Why a pipeline file could not be loaded. Every case but `runtimeMissing` and
/// `cacheUnwritable` is the user's to fix; the message says what to do.
public enum LoaderError: Error, CustomStringConvertible {
    case fileNotFound(String)
    case notUTF8(path: String, line: Int, column: Int)
    case compilerNotFound(searched: [String])
    case compileFailed(path: String, diagnostics: String)
    case compileTimedOut(path: String, seconds: Int)
    case runtimeMissing(searched: [String])
    case evaluationFailed(path: String, termination: String, output: String)
    case evaluationTimedOut(path: String, seconds: Int)
    case noPipelineDeclared(path: String)
    case badDocument(path: String, reason: String)
    case invalid(path: String, issues: [Diagnostic])
    case cacheUnwritable(path: String, reason: String)
    case badEnvironmentDeclaration(path: String, line: Int, name: String)
    /// A part or an encoded form of a declared secret is left in the document (never the value).
    case secretInDocument(path: String, location: SourceLocation, what: String, secret: String)

    /// True when the pipeline file (not the installation) must change.
    public var isUserError: Bool {
        switch self {
        case .runtimeMissing, .cacheUnwritable, .compilerNotFound: false
        default: true
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): error: no such pipeline file; pass the path of a .swift file, e.g. pipelines/deploy.swift"
        case .notUTF8(let path, let line, let column):
            return "\(path):\(line):\(column): error: the file is not valid UTF-8; save it as UTF-8"
        case .compilerNotFound(let searched):
            return "error: swiftc was not found (looked in: \(searched.joined(separator: ", "))); install a Swift toolchain or set SWIFTC=/path/to/swiftc"
        case .compileFailed(let path, let diagnostics):
            return diagnostics.isEmpty ? "\(path): error: the pipeline file did not compile" : diagnostics
        case .compileTimedOut(let path, let seconds):
            return "\(path): error: compiling the pipeline file took longer than \(seconds)s; raise PIPELINE_COMPILE_TIMEOUT or simplify the file"
        case .runtimeMissing(let searched):
            return "error: the PipelineDescription library was not found next to the runner (looked in: \(searched.joined(separator: ", "))); reinstall with `make install`, or set PIPELINE_RUNTIME_DIR"
        case .evaluationFailed(let path, let termination, let output):
            let tail = output.isEmpty ? "" : "\n" + output
            return "\(path): error: the pipeline file compiled but \(termination) while building the pipeline\(tail)"
        case .evaluationTimedOut(let path, let seconds):
            return "\(path): error: the pipeline file did not finish within \(seconds)s (an endless loop or a wait?); raise PIPELINE_LOAD_TIMEOUT if it is just slow"
        case .noPipelineDeclared(let path):
            return "\(path): error: the file declares no pipeline; add `let pipeline = Pipeline(\"name\") { ... }`"
        case .badDocument(let path, let reason):
            return "\(path): error: \(reason)"
        case .invalid(_, let issues):
            return issues.map(\.description).joined(separator: "\n")
        case .badEnvironmentDeclaration(let path, let line, let name):
            return "\(path):\(line): error: '\(name)' in `// pipeline-environment:` is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*); list names separated by commas"
        case .secretInDocument(_, let location, let what, let secret):
            return "\(location): error: \(what) holds a part or an encoded form of secret \(secret) (a line of it, or its base64, hex, URL, JSON or XML form); use the value whole (it is stored as ${{ secrets.\(secret) }} and resolved when the step runs), or read $\(secret) in the step itself"
        case .cacheUnwritable(let path, let reason):
            return "error: cannot write the pipeline cache at \(path): \(reason); set PIPELINE_CACHE_DIR to a writable folder"
        }
    }
}
