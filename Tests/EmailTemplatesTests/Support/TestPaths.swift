import Foundation
import EmailTemplates
import Testing
import PipelineBasics

/// Locates the repository's example templates from this test file's path (symlinks resolved,
/// so it works from a development package that links the test folder).
enum TestPaths {
    static func repositoryRoot(file: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("examples/templates/manifest.json").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        Issue.record("no examples/templates/manifest.json above \(file): the example templates are missing")
        throw CocoaError(.fileNoSuchFile)
    }

    static func exampleTemplates() throws -> URL {
        try repositoryRoot().appendingPathComponent("examples/templates")
    }

    static func schemas() throws -> URL {
        try repositoryRoot().appendingPathComponent("schemas")
    }
}

extension Diagnostic {
    /// The line and column, for comparing with ``location(of:in:occurrence:)``.
    var position: SourcePosition? {
        guard let line, let column else { return nil }
        return SourcePosition(line: line, column: column)
    }
}

/// An independent line/column computation for expectations: the location of the
/// `occurrence`-th `needle` in `text`, counting lines at "\n" and columns in Unicode scalars.
func location(of needle: String, in text: String, occurrence: Int = 1) -> SourcePosition? {
    var searchStart = text.startIndex
    var found: Range<String.Index>?
    for _ in 0..<occurrence {
        guard let range = text.range(of: needle, range: searchStart..<text.endIndex) else { return nil }
        found = range
        searchStart = range.upperBound
    }
    guard let found else { return nil }
    let before = text[text.startIndex..<found.lowerBound]
    let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
    return SourcePosition(line: lines.count, column: (lines.last?.unicodeScalars.count ?? 0) + 1)
}
