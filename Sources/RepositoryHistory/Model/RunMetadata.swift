/// What a pipeline run records about the repository it ran from, read in one call.
public struct RunMetadata: Sendable, Hashable, Codable {
    /// The commit checked out.
    public let commit: Commit
    /// The branch checked out; nil when HEAD is detached (e.g. CI checking out a tag or a
    /// pull request's merge commit).
    public let branch: String?
    /// Tags pointing at the commit, by name.
    public let tags: [String]
    /// Uncommitted changes (untracked files included); empty when the tree is clean or the
    /// repository is bare.
    public let uncommittedChanges: [StatusEntry]

    public init(commit: Commit, branch: String?, tags: [String], uncommittedChanges: [StatusEntry]) {
        self.commit = commit
        self.branch = branch
        self.tags = tags
        self.uncommittedChanges = uncommittedChanges
    }

    /// True when the work tree differs from the commit.
    public var isDirty: Bool { !uncommittedChanges.isEmpty }
}
