import Foundation
import PipelineEngine

/// GitHub Actions workflow commands: `::add-mask::` for every secret as soon as it is known,
/// `::error file=…,line=…::` for failed steps and rollbacks, `::warning::` for warnings, and the
/// Markdown run summary appended to `$GITHUB_STEP_SUMMARY`.
final class GitHubActionsSink: EventSink {
    /// GitHub rejects step summaries over 1 MiB.
    static let summaryLimit = 1_048_576

    func addMask(_ value: String) {
        for command in Self.maskCommands(value) { Terminal.standardOutputUnmasked(command) }
    }

    /// `::add-mask::` takes one line: the value when it has one, else each line of it (trimmed, as
    /// the masker masks them), data-escaped as GitHub reads workflow commands.
    static func maskCommands(_ value: String) -> [String] {
        var lines = [value]
        if value.contains(where: \.isNewline) {
            lines = value.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.count >= SecretMasker.minimumLength }
        }
        return lines.map { "::add-mask::\(escapeData($0))" }
    }

    func receive(_ event: PipelineEvent) {
        for command in Self.commands(for: event) { Terminal.standardOutput(command) }
    }

    /// The workflow commands `event` becomes (names and messages escaped as GitHub documents).
    static func commands(for event: PipelineEvent) -> [String] {
        switch event.kind {
        case .stepFinished where event.status == "failed":
            var properties: [String] = []
            if let file = event.file { properties.append("file=\(Self.escapeProperty(file))") }
            if let line = event.line { properties.append("line=\(line)") }
            properties.append("title=\(Self.escapeProperty("\(event.stage ?? "") / \(event.step ?? "") failed"))")
            return ["::error \(properties.joined(separator: ","))::\(Self.escapeData(event.message ?? "failed"))"]
        case .rollbackFinished where event.status == "rollbackFailed":
            return ["::error title=Rollback failed::\(Self.escapeData(event.message ?? "rollback failed"))"]
        case .diagnostic:
            var properties: [String] = []
            if let file = event.file { properties.append("file=\(Self.escapeProperty(file))") }
            if let line = event.line { properties.append("line=\(line)") }
            if let column = event.column { properties.append("col=\(column)") }
            if let rule = event.rule { properties.append("title=\(Self.escapeProperty(rule))") }
            let command = switch event.severity { case "warning": "warning"; case "note": "notice"; default: "error" }
            return ["::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(event.message ?? ""))"]
        case .warning:
            return ["::warning::\(Self.escapeData(event.message ?? ""))"]
        default:
            return []
        }
    }

    static func appendSummary(_ markdown: String, to path: String) {
        var data = Data(markdown.utf8)
        if data.count > summaryLimit {
            let note = "\n\n_Summary truncated at 1 MiB; the full summary is in .pipeline/runs/._\n"
            data = Data(data.prefix(summaryLimit - note.utf8.count - 4)) + Data(note.utf8)
        }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: data)
    }

    /// Workflow command data: `%` `CR` `LF` escaped (GitHub's `escapeData`).
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// `text` with no line that GitHub's runner would take for a workflow command: a line that
    /// starts with `::` (after white space) is shown behind `> `. For what we print that came from
    /// elsewhere (an error naming a rejection reason, a refusal quoting a statement), where a line
    /// break could otherwise start `::stop-commands::` or `::add-mask::` of its own.
    static func neutralizingCommands(_ text: String) -> String {
        guard text.contains("::") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let bare = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            return bare.hasPrefix("::") ? "> " + line : String(line)
        }.joined(separator: "\n")
    }

    /// A workflow command property: data escapes plus `:` and `,` (GitHub's `escapeProperty`).
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
