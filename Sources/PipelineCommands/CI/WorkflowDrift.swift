import Foundation

/// How the committed workflow files differ from what the pipeline file generates, one line
/// each, naming the file and what differs (`pipeline ci github --check`).
struct WorkflowDrift {
    /// The generated files, keyed by path relative to `root`.
    let generated: [(path: String, text: String)]
    let root: URL
    /// The pipeline file (relative to `root`) the files come from.
    let pipelineFile: String

    func differences() -> [String] {
        var found: [String] = []
        for (path, text) in generated {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
                found.append("\(path) is missing: the pipeline file generates it")
                continue
            }
            let committed = String(decoding: data, as: UTF8.self)
            guard committed != text else { continue }
            found.append(contentsOf: Self.compare(path: path, committed: committed, generated: text))
        }
        // A file generated from this pipeline file earlier that it no longer generates.
        let directory = root.appendingPathComponent(GitHubWorkflowLayout.directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let ours = Set(generated.map(\.path))
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let path = GitHubWorkflowLayout.directory + "/" + name
            guard !ours.contains(path), let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { continue }
            let head = String(decoding: data.prefix(600), as: UTF8.self)
            if head.hasPrefix("# \(GitHubWorkflows.marker) "), head.contains("# from \(pipelineFile), sha256 ") {
                found.append("\(path) was generated from \(pipelineFile), which no longer generates it: remove it")
            }
        }
        return found
    }

    /// What differs in one file: the pipeline file changed since it was generated, or its lines
    /// (the first few that differ).
    static func compare(path: String, committed: String, generated: String) -> [String] {
        let old = committed.components(separatedBy: "\n")
        let new = generated.components(separatedBy: "\n")
        if let recorded = digest(in: old), let current = digest(in: new), recorded != current {
            return ["\(path) was generated from a different pipeline file (sha256 \(recorded.prefix(12))…; it is now \(current.prefix(12))…): the pipeline file changed without generating the workflows again"]
                + lineDifferences(path: path, old: old, new: new, limit: 3)
        }
        return lineDifferences(path: path, old: old, new: new, limit: 5)
    }

    private static func digest(in lines: [String]) -> String? {
        for line in lines.prefix(4) {
            if let range = line.range(of: ", sha256 ") {
                return String(line[range.upperBound...].prefix { $0.isHexDigit })
            }
        }
        return nil
    }

    private static func lineDifferences(path: String, old: [String], new: [String], limit: Int) -> [String] {
        var lines: [String] = []
        var total = 0
        for index in 0..<max(old.count, new.count) {
            let committed = index < old.count ? old[index] : nil
            let wanted = index < new.count ? new[index] : nil
            guard committed != wanted else { continue }
            // The header's digest is reported once, above.
            if committed?.hasPrefix("# from ") == true && wanted?.hasPrefix("# from ") == true { continue }
            total += 1
            guard lines.count < limit else { continue }
            let shown = { (text: String?) in text.map { "`\($0.trimmingCharacters(in: .whitespaces).prefix(120))`" } ?? "(nothing)" }
            lines.append("\(path) line \(index + 1): committed \(shown(committed)), the pipeline generates \(shown(wanted))")
        }
        if total > limit { lines.append("\(path): \(total - limit) more line\(total - limit == 1 ? "" : "s") differ") }
        return lines
    }
}
