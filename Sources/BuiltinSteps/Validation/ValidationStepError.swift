import PipelineBasics

/// Why a validation step failed: each is the repository's content or the step's input, which
/// the user fixes (exit 64 where a command reports it).
public enum ValidationStepError: PipelineError {
    case problems(summary: String, files: Int)
    case missingInput(path: String, origin: String)
    case noFiles(pattern: String, origin: String)

    public var description: String {
        switch self {
        case .problems(let summary, let files): "\(summary) in \(files) file\(files == 1 ? "" : "s")"
        case .missingInput(let path, let origin): "\(path) does not exist in \(origin); check the step's path, and that the file is committed"
        case .noFiles(let pattern, let origin): "no file matches \(pattern) in \(origin); check the pattern, and that the files are committed"
        }
    }

    public var isUserError: Bool { true }
}
