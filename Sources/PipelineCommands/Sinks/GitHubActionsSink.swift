import Foundation
import PipelineEngine

/// GitHub Actions workflow commands: `::add-mask::` for every secret as soon as it is known,
/// `::error file=…,line=…::` for failed steps and rollbacks, `::warning::` for warnings, and the
/// Markdown run summary appended to `$GITHUB_STEP_SUMMARY`.
final class GitHubActionsSink: EventSink {
    /// GitHub rejects step summaries over 1 MiB.
    static let summaryLimit = 1_048_576

    func addMask(_ value: String) {
        // `::add-mask::` takes one line; mask each line of a multi-line secret.
        for line in value.split(separator: "\n") where !line.isEmpty {
            Terminal.standardOutput("::add-mask::\(line)")
        }
    }

    func receive(_ event: PipelineEvent) {
        switch event.kind {
        case .stepFinished where event.status == "failed":
            var properties: [String] = []
            if let file = event.file { properties.append("file=\(Self.escapeProperty(file))") }
            if let line = event.line { properties.append("line=\(line)") }
            properties.append("title=\(Self.escapeProperty("\(event.stage ?? "") / \(event.step ?? "") failed"))")
            Terminal.standardOutput("::error \(properties.joined(separator: ","))::\(Self.escapeData(event.message ?? "failed"))")
        case .rollbackFinished where event.status == "rollbackFailed":
            Terminal.standardOutput("::error title=Rollback failed::\(Self.escapeData(event.message ?? "rollback failed"))")
        case .diagnostic:
            var properties: [String] = []
            if let file = event.file { properties.append("file=\(Self.escapeProperty(file))") }
            if let line = event.line { properties.append("line=\(line)") }
            if let column = event.column { properties.append("col=\(column)") }
            if let rule = event.rule { properties.append("title=\(Self.escapeProperty(rule))") }
            let command = event.severity == "warning" ? "warning" : "error"
            Terminal.standardOutput("::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(event.message ?? ""))")
        case .warning:
            Terminal.standardOutput("::warning::\(Self.escapeData(event.message ?? ""))")
        default:
            break
        }
    }

    static func appendSummary(_ markdown: String, to path: String) {
        var data = Data(markdown.utf8)
        if data.count > summaryLimit {
            let note = "\n\n_Summary truncated at 1 MiB; the full summary is in .pipeline/runs/._\n"
            data = Data(data.prefix(summaryLimit - note.utf8.count - 4)) + Data(note.utf8)
        }
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: data)
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
