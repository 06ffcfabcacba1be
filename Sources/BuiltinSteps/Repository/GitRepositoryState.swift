import Foundation
import PipelineEngine
import RepositoryHistory

/// What a run knows about the git repository it deploys, read through libgit2: the commit,
/// branch, author and message, uncommitted changes, and changes since a base revision.
///
/// A value (Sendable): each question that needs the repository opens its own `Repository`,
/// since a libgit2 repository must not be shared between threads.
public struct GitRepositoryState: RepositoryState {
    public let root: URL
    public let head: Commit
    public let branch: String?
    /// Paths with uncommitted changes (modified, added, deleted, renamed, untracked).
    public let dirtyPaths: [String]

    public var commit: String? { head.id.hex }

    /// Reads the repository containing `path`; nil when `path` is not inside a work tree with
    /// at least one commit.
    public static func inspect(_ path: URL) throws -> GitRepositoryState? {
        let repository: Repository
        do {
            repository = try Repository(discoveringFrom: path.path)
        } catch {
            if case .notARepository = error { return nil }
            throw error
        }
        guard let root = repository.workingDirectory else {
            throw RepositoryError.bareRepository(path: path.path, operation: "run a pipeline")
        }
        let head: Commit
        do {
            head = try repository.headCommit()
        } catch {
            if case .unbornHead = error { return nil }
            throw error
        }
        let status = try repository.status(includeUntracked: true)
        return GitRepositoryState(root: root, head: head, branch: try repository.head().branchName,
                                  dirtyPaths: status.entries.map(\.path).filter { !$0.hasPrefix(".pipeline/") && $0 != ".pipeline" })
    }

    public func hasChanges(since base: String, matching patterns: [String]) throws -> Bool {
        let repository = try Repository(discoveringFrom: root.path)
        return try repository.hasChanges(from: repository.resolve(base), to: head.id, paths: patterns.map { PathPattern($0) })
    }

    /// The commits in `base..head`, newest first (all of history when `base` is nil).
    public func commits(since base: String?, limit: Int? = nil) throws -> [Commit] {
        let repository = try Repository(discoveringFrom: root.path)
        return try repository.history(base.map { "\($0)..\(head.id.hex)" } ?? head.id.hex, limit: limit)
    }

    /// The paths changed in `base..head`.
    public func changes(since base: String?) throws -> [Change] {
        let repository = try Repository(discoveringFrom: root.path)
        var baseID: CommitID?
        if let base { baseID = try repository.resolve(base) }
        return try repository.changes(from: baseID, to: head.id)
    }
}

extension GitRepositoryState {
    /// The repository at `root` as of `commit` (a run being resumed keeps its commit, whatever
    /// HEAD is now). Uncommitted changes are not looked at.
    public static func at(_ root: URL, commit: String, branch: String?) throws -> GitRepositoryState {
        let repository = try Repository(discoveringFrom: root.path)
        let head = try repository.commit(commit)
        return GitRepositoryState(root: repository.workingDirectory ?? root, head: head, branch: branch, dirtyPaths: [])
    }

    /// The run's input files: this commit's.
    public var inputs: CommittedInputs { CommittedInputs(root: root, commit: head.id) }

    /// `Name <email>` of the head commit's author.
    public var author: String { "\(head.author.name) <\(head.author.email)>" }
}

extension GitRepositoryState {
    public func isAncestor(_ commit: String, of other: String) throws -> Bool {
        guard commit != other else { return false }
        let repository = try Repository(discoveringFrom: root.path)
        return try repository.isAncestor(repository.resolve(commit), of: repository.resolve(other))
    }
}
