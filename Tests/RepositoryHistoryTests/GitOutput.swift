import Foundation
import PipelineTesting

/// Parsers for `git` CLI output, the reference the tests compare against.
enum GitOutput {
    struct NameStatus: Hashable {
        /// "A", "M", "D", "T" or "R<score>".
        let status: String
        let paths: [String]
    }

    /// `git diff --name-status -M -z base head`.
    static func nameStatus(_ fixture: TemporaryGitRepository, _ base: String, _ head: String) throws -> [NameStatus] {
        let data = try fixture.gitData(["diff", "--name-status", "-M", "-z", "--no-ext-diff", base, head])
        var fields = data.split(separator: 0, omittingEmptySubsequences: true)
            .map { String(decoding: $0, as: UTF8.self) }[...]
        var result: [NameStatus] = []
        while let status = fields.popFirst() {
            let count = status.hasPrefix("R") || status.hasPrefix("C") ? 2 : 1
            var paths: [String] = []
            for _ in 0..<count { if let path = fields.popFirst() { paths.append(path) } }
            result.append(NameStatus(status: status, paths: paths))
        }
        return result
    }

    /// Lines of output split on newlines, empty lines dropped.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init)
    }
}
