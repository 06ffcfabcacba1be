/// Where HEAD points.
public enum Head: Sendable, Hashable, Codable {
    /// HEAD is a branch with at least one commit.
    case branch(name: String, commit: CommitID)
    /// HEAD points straight at a commit (a tag or an old commit was checked out).
    case detached(commit: CommitID)
    /// HEAD is a branch that has no commit yet (a freshly initialised repository).
    case unborn(branch: String)

    /// The commit HEAD resolves to; nil when the branch is unborn.
    public var commitID: CommitID? {
        switch self {
        case .branch(_, let commit), .detached(let commit): commit
        case .unborn: nil
        }
    }

    /// The short branch name ("main"); nil when detached.
    public var branchName: String? {
        switch self {
        case .branch(let name, _), .unborn(let name): name
        case .detached: nil
        }
    }

    public var isDetached: Bool {
        if case .detached = self { return true }
        return false
    }
}
