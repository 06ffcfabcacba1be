import Foundation

extension TemporaryGitRepository {
    // MARK: Work tree edits

    /// Writes `contents` to `path` (creating directories), without staging it.
    public func write(_ path: String, _ contents: String) throws {
        try write(path, Data(contents.utf8))
    }

    /// Writes bytes to `path` (creating directories), without staging it.
    public func write(_ path: String, _ contents: Data) throws {
        let file = fileURL(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: file)
    }

    /// Deletes `path` from the work tree, without staging the deletion.
    public func delete(_ path: String) throws {
        try FileManager.default.removeItem(at: fileURL(path))
    }

    /// Creates a symlink at `path` pointing to `target`, without staging it.
    public func symlink(_ path: String, to target: String) throws {
        let file = fileURL(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: file)
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: target)
    }

    /// Stages paths (`git add -A -- <paths>`; everything when empty).
    public func stage(_ paths: [String] = []) throws {
        try git(["add", "-A", "--"] + (paths.isEmpty ? ["."] : paths))
    }

    /// `git mv from to` (staged).
    public func move(_ from: String, to destination: String) throws {
        let target = fileURL(destination).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try git(["mv", "--", from, destination])
    }

    // MARK: Commits

    /// Writes `files` (path → text; nil deletes the path), stages everything, and commits with
    /// the next deterministic date. Returns the new commit's full id.
    @discardableResult
    public func commit(_ message: String, files: [String: String?] = [:], allowEmpty: Bool = false, date: String? = nil) throws -> String {
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) {
            if let contents { try write(path, contents) } else { try delete(path) }
        }
        try stage()
        return try commitStaged(message, allowEmpty: allowEmpty, date: date)
    }

    /// Commits what is staged, with the next deterministic date (or `date`, as `<seconds> <offset>`).
    @discardableResult
    public func commitStaged(_ message: String, allowEmpty: Bool = false, date: String? = nil) throws -> String {
        let when = date ?? nextDate()
        var arguments = ["commit", "--quiet", "--no-verify", "-F", "-"]
        if allowEmpty { arguments.append("--allow-empty") }
        try gitData(arguments, environment: ["GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when], input: Data(message.utf8))
        return try git("rev-parse", "HEAD")
    }

    // MARK: Branches, tags, merges

    /// Creates branch `name` at `start` without switching to it.
    public func createBranch(_ name: String, at start: String = "HEAD") throws {
        try git(["branch", "--quiet", name, start])
    }

    /// Switches to a branch, creating it at HEAD first when `create`.
    public func checkout(_ branch: String, create: Bool = false) throws {
        try git(["checkout", "--quiet"] + (create ? ["-b"] : []) + [branch])
    }

    /// Detaches HEAD at `revision`.
    public func detachHead(at revision: String) throws {
        try git(["checkout", "--quiet", "--detach", revision])
    }

    /// A lightweight tag, or an annotated one when `message` is given.
    public func tag(_ name: String, at revision: String = "HEAD", message: String? = nil) throws {
        if let message {
            let when = nextDate()
            try git(["tag", "-a", name, "-m", message, revision], environment: ["GIT_COMMITTER_DATE": when])
        } else {
            try git(["tag", name, revision])
        }
    }

    /// Merges `branches` into the current branch with a merge commit (`--no-ff`; more than one
    /// branch makes an octopus merge), and returns the merge commit's id. Conflicts fail the call.
    @discardableResult
    public func merge(_ branches: String..., message: String? = nil) throws -> String {
        let when = nextDate()
        try git(
            ["merge", "--quiet", "--no-ff", "--no-edit", "-m", message ?? "Merge \(branches.joined(separator: ", "))"] + branches,
            environment: ["GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when])
        return try git("rev-parse", "HEAD")
    }

    /// Writes `objects/info/commit-graph` for every reachable commit, as `git gc` does.
    public func writeCommitGraph() throws {
        try git("commit-graph", "write", "--reachable")
    }

    /// The full id `revision` names, according to `git rev-parse`.
    public func revParse(_ revision: String) throws -> String {
        try git("rev-parse", "--verify", "--quiet", revision + "^{commit}")
    }
}
