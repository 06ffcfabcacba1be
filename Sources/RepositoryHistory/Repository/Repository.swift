import CLibgit2
import Foundation

/// An open Git repository: the read-only history API the runner uses.
///
/// **Thread safety.** libgit2 forbids using one repository object from two threads at once.
/// `Repository` is therefore a non-`Sendable` class: the compiler keeps each instance inside
/// the task or thread that opened it. Open one `Repository` per task (opening is cheap), and
/// send the results, which are all `Sendable` values (``CommitID``, ``Commit``, ``Change``, …).
///
/// Every libgit2 object is owned by a final class that frees it exactly once in `deinit`;
/// nothing libgit2 allocates escapes this module.
public final class Repository {
    /// The repository's handle; child objects keep it alive.
    let handle: GitHandle
    /// The `.git` directory (or the repository itself when bare).
    public let gitDirectory: URL
    /// The work tree's root; nil for a bare repository.
    public let workingDirectory: URL?
    /// The commit-graph file, opened on the first time-ordered walk (nil when absent or unusable).
    lazy var commitGraph: CommitGraphFile? = openCommitGraph()

    /// Opens the repository containing `path`: `path` itself, or the first directory above it
    /// that is (or contains) a Git repository, as `git` does.
    ///
    /// - Throws: ``RepositoryError/notARepository(path:failure:)`` when none is found.
    public init(discoveringFrom path: String) throws(RepositoryError) {
        Libgit2.ensureInitialized()
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        handle = try GitHandle.make(
            owner: nil, free: git_repository_free,
            onError: { failure in
                failure.code == GIT_ENOTFOUND.rawValue
                    ? .notARepository(path: absolute, failure: failure)
                    : .libgit2(operation: "open repository", subject: absolute, failure: failure)
            }
        ) { out in
            git_repository_open_ext(out, absolute, 0, nil)
        }
        let gitPath = git_repository_path(handle.pointer).map { String(cString: $0) } ?? absolute
        gitDirectory = URL(fileURLWithPath: gitPath, isDirectory: true)
        workingDirectory = git_repository_workdir(handle.pointer).map {
            URL(fileURLWithPath: String(cString: $0), isDirectory: true)
        }
    }

    /// Opens the repository containing `url` (see ``init(discoveringFrom:)``).
    public convenience init(discoveringFrom url: URL) throws(RepositoryError) {
        try self.init(discoveringFrom: url.path)
    }

    /// True when the repository has no work tree.
    public var isBare: Bool { workingDirectory == nil }

    /// Where HEAD points: a branch, a detached commit, or an unborn branch.
    public func head() throws(RepositoryError) -> Head {
        let unborn = git_repository_head_unborn(handle.pointer)
        if unborn == 1 {
            return .unborn(branch: try unbornBranchName())
        }
        let reference = try GitHandle.make(owner: handle, free: git_reference_free, onError: {
            .libgit2(operation: "read HEAD", subject: "HEAD", failure: $0)
        }) { git_repository_head($0, handle.pointer) }
        guard let target = git_reference_target(reference.pointer) else {
            throw .libgit2(
                operation: "read HEAD", subject: "HEAD",
                failure: Libgit2Failure(code: -1, errorClass: 4, message: "HEAD did not resolve to a commit id"))
        }
        let commit = CommitID(oid: target.pointee)
        if git_repository_head_detached(handle.pointer) == 1 {
            return .detached(commit: commit)
        }
        let name = git_reference_shorthand(reference.pointer).map { String(cString: $0) } ?? "HEAD"
        return .branch(name: name, commit: commit)
    }

    /// The commit HEAD points at.
    ///
    /// - Throws: ``RepositoryError/unbornHead(branch:operation:)`` in a repository without commits.
    public func headCommit() throws(RepositoryError) -> Commit {
        switch try head() {
        case .unborn(let branch):
            throw .unbornHead(branch: branch, operation: "Reading the HEAD commit")
        case .branch(_, let id), .detached(let id):
            return try commit(id)
        }
    }

    private func unbornBranchName() throws(RepositoryError) -> String {
        let reference = try GitHandle.make(owner: handle, free: git_reference_free, onError: {
            .libgit2(operation: "read HEAD", subject: "HEAD", failure: $0)
        }) { git_reference_lookup($0, handle.pointer, "HEAD") }
        let target = git_reference_symbolic_target(reference.pointer).map { String(cString: $0) } ?? "HEAD"
        return target.hasPrefix("refs/heads/") ? String(target.dropFirst("refs/heads/".count)) : target
    }
}

/// `Repository` wraps a libgit2 repository, which must not be used from two threads at once:
/// it is deliberately not `Sendable`.
@available(*, unavailable, message: "A Repository must stay on one thread or task; open another one, or send its Sendable results")
extension Repository: Sendable {}
