/// Everything ``Repository`` can throw. Each case names what was asked for (the path, the
/// revision, the operation) and, where libgit2 failed, carries libgit2's own code, class and
/// message (``Libgit2Failure``).
///
/// ``isUserError`` splits mistakes a user can fix (wrong directory, unknown revision, missing
/// file, dirty tree) from failures of the repository or of this module (``libgit2(operation:subject:failure:)``).
public enum RepositoryError: Error, Sendable, CustomStringConvertible {
    /// No repository at `path` or in any directory above it.
    case notARepository(path: String, failure: Libgit2Failure)
    /// The repository has no work tree, and `operation` needs one.
    case bareRepository(path: String, operation: String)
    /// HEAD is a branch with no commits yet, and `operation` needs a commit.
    case unbornHead(branch: String, operation: String)
    /// `revision` names nothing in the repository.
    case unknownRevision(String, failure: Libgit2Failure)
    /// `revision` is a short id matching more than one object.
    case ambiguousRevision(String, failure: Libgit2Failure)
    /// `revision` is not valid revision syntax.
    case invalidRevision(String, failure: Libgit2Failure)
    /// `revision` names an object that is not (and does not peel to) a commit.
    case notACommit(revision: String, objectKind: String)
    /// `path` does not exist in the tree of `commit`.
    case pathNotFound(path: String, commit: CommitID)
    /// `path` exists at `commit` but is a directory or submodule, not a file.
    case notAFile(path: String, commit: CommitID, kind: FileKind)
    /// `path` is not a repository-relative path (empty, absolute, or with `..`).
    case invalidPath(String, reason: String)
    /// The work tree differs from HEAD where a clean tree was required.
    case dirtyWorkingTree(WorkingTreeStatus)
    /// libgit2 failed while doing `operation` on `subject`: a damaged repository, an I/O
    /// error, or a bug here. Not something the user asked wrongly.
    case libgit2(operation: String, subject: String, failure: Libgit2Failure)

    /// True for errors in what was asked (fixable by the user); false for failures of the
    /// repository, the system or this module.
    public var isUserError: Bool {
        if case .libgit2 = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .notARepository(let path, let failure):
            return "'\(path)' is not inside a Git repository (searched it and every directory above; \(failure.message)). Run from within a clone, or pass the repository path."
        case .bareRepository(let path, let operation):
            return "\(operation) needs a work tree, but the repository at '\(path)' is bare."
        case .unbornHead(let branch, let operation):
            return "\(operation) needs a commit, but HEAD is branch '\(branch)' which has no commits yet. Make a first commit."
        case .unknownRevision(let revision, let failure):
            return "Unknown revision '\(revision)': no commit, branch or tag by that name (\(failure.message))."
        case .ambiguousRevision(let revision, let failure):
            return "Ambiguous revision '\(revision)': several objects start with it; use more digits (\(failure.message))."
        case .invalidRevision(let revision, let failure):
            return "Invalid revision '\(revision)' (\(failure.message))."
        case .notACommit(let revision, let objectKind):
            return "Revision '\(revision)' names a \(objectKind), not a commit."
        case .pathNotFound(let path, let commit):
            return "'\(path)' does not exist at commit \(commit.abbreviated())."
        case .notAFile(let path, let commit, let kind):
            return "'\(path)' at commit \(commit.abbreviated()) is a \(kind.rawValue), not a file."
        case .invalidPath(let path, let reason):
            return "Invalid repository path '\(path)': \(reason)."
        case .dirtyWorkingTree(let status):
            let shown = status.entries.prefix(10).map(\.path).joined(separator: ", ")
            let more = status.entries.count > 10 ? " and \(status.entries.count - 10) more" : ""
            return "The work tree has uncommitted changes (\(shown)\(more)). Commit or stash them first."
        case .libgit2(let operation, let subject, let failure):
            return "Git \(operation) failed for '\(subject)': \(failure)."
        }
    }
}
