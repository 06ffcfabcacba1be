import Foundation

/// A real Git repository in a fresh temporary directory, driven through the `git` command
/// line, for tests that need real history (commits, tags, branches, merges, renames, a
/// detached HEAD, uncommitted edits). The directory is removed when the value is released.
///
/// Commits get deterministic, strictly increasing author and committer dates (one minute
/// apart, from 2024-01-01T00:00:00Z, in the configured `timeZoneOffset`) unless a date is
/// passed, so history order never depends on how fast a test runs.
///
/// Not `Sendable`: one test owns one repository.
public final class TemporaryGitRepository {
    /// The repository's work tree (the temporary directory).
    public let url: URL
    /// The default branch the repository was created with.
    public let initialBranch: String
    /// Seconds since 1970 of the next commit's date.
    private var clock: Int64 = 1_704_067_200
    /// The time-zone offset written into commit dates, e.g. "+0200".
    public var timeZoneOffset: String = "+0000"

    /// Creates `git init -b <branch>` in a new temporary directory, with a local user name and
    /// e-mail, no signing, and no line-ending conversion. `bare` makes a bare repository.
    public init(initialBranch: String = "main", bare: Bool = false) throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("pipeline-git-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        // Resolve symlinks (e.g. /tmp on some systems) so paths compare equal to what Git reports.
        self.url = base.resolvingSymlinksInPath()
        self.initialBranch = initialBranch
        var arguments = ["init", "--quiet", "-b", initialBranch]
        if bare { arguments.append("--bare") }
        try git(arguments)
        try git(["config", "user.name", "Pipeline Tester"])
        try git(["config", "user.email", "tester@pipeline.example"])
        try git(["config", "commit.gpgsign", "false"])
        try git(["config", "tag.gpgsign", "false"])
        try git(["config", "core.autocrlf", "false"])
        try git(["config", "core.quotepath", "false"])
        try git(["config", "merge.renames", "true"])
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The absolute URL of a repository-relative path.
    public func fileURL(_ path: String) -> URL {
        url.appendingPathComponent(path)
    }

    /// The next deterministic commit date, as Git's `<seconds> <offset>` form, and advances it.
    func nextDate() -> String {
        defer { clock += 60 }
        return "\(clock) \(timeZoneOffset)"
    }

    /// Moves the deterministic clock (e.g. to make a commit older than its parent).
    public func setClock(secondsSince1970: Int64) {
        clock = secondsSince1970
    }
}

/// A failure of a `git` command run by ``TemporaryGitRepository``.
public struct TemporaryGitRepositoryError: Error, CustomStringConvertible {
    public let arguments: [String]
    public let status: Int32
    public let standardError: String

    public var description: String {
        "git \(arguments.joined(separator: " ")) exited with \(status): \(standardError)"
    }
}
