import PipelineBasics

/// Why a template manifest could not be used. Every case names the manifest file; syntax and
/// structure cases name a line, a column and what to fix.
public enum ManifestError: Error, Sendable, CustomStringConvertible {
    /// The manifest file could not be read from disk.
    case unreadable(path: String, reason: String)
    /// The file is not valid JSON (or not valid UTF-8).
    case syntax(path: String, location: SourcePosition, message: String)
    /// The JSON does not have the manifest's structure; every issue found is listed.
    case invalid(path: String, issues: [ManifestIssue])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read the template manifest: \(reason)"
        case .syntax(let path, let location, let message):
            return "\(path):\(location): manifest is not valid JSON: \(message)"
        case .invalid(let path, let issues):
            let lines = issues.map { "\(path):\($0.location): \($0.pointer): \($0.message)" }
            return "\(path): template manifest has \(issues.count) problem(s):\n" + lines.joined(separator: "\n")
        }
    }

    /// The error as checker problems (errors with rule `manifest.invalid`), so a report can
    /// carry it.
    public var problems: [Diagnostic] {
        switch self {
        case .unreadable(let path, let reason):
            return [TemplateChecker.problem(path, .start, .manifestInvalid, "cannot read the template manifest: \(reason)")]
        case .syntax(let path, let location, let message):
            return [TemplateChecker.problem(path, location, .manifestInvalid, "manifest is not valid JSON: \(message)")]
        case .invalid(let path, let issues):
            return issues.map { TemplateChecker.problem(path, $0.location, .manifestInvalid, "\($0.pointer): \($0.message)") }
        }
    }
}
