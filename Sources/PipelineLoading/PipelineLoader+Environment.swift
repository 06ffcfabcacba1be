import Foundation

/// The environment a pipeline file is evaluated in: not the runner's whole environment (which
/// holds its credentials), only what a program needs to start (``baseVariables``, `LC_*`) and
/// the variables the file declares it reads, on a line of its own:
///
/// ```swift
/// // pipeline-environment: RELEASE_CHANNEL, DEPLOY_TOKEN
/// ```
///
/// (anywhere in the file, as many such lines as wanted; names separated by commas or spaces).
/// Like SwiftPM's `// swift-tools-version:` line, it is read before the file is compiled.
extension PipelineLoader {
    public static let environmentDeclaration = "// pipeline-environment:"

    /// Variables every evaluation gets (when the runner has them).
    public static let baseVariables: Set<String> = [
        "PATH", "HOME", "TMPDIR", "TMP", "TEMP", "LANG", "LANGUAGE", "TZ", "USER", "LOGNAME",
    ]

    /// The variable names the file's `// pipeline-environment:` lines declare, in order.
    static func declaredVariables(in bytes: Data, path: String) throws -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains(environmentDeclaration) else { return [] }
        var names: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(environmentDeclaration) else { continue }
            let list = trimmed.dropFirst(environmentDeclaration.count)
            for name in list.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init) {
                guard isVariableName(name) else {
                    throw LoaderError.badEnvironmentDeclaration(path: path, line: index + 1, name: name)
                }
                if !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    /// `environment` reduced to the base variables, `LC_*` and `declared`.
    func evaluationEnvironment(declared: [String]) -> [String: String] {
        let wanted = Set(declared)
        return environment.filter { Self.baseVariables.contains($0.key) || $0.key.hasPrefix("LC_") || wanted.contains($0.key) }
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
