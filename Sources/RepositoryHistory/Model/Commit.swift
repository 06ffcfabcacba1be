/// A commit's metadata, copied out of the repository (a value: safe to keep and send).
public struct Commit: Sendable, Hashable, Identifiable, Codable {
    public let id: CommitID
    /// Parents in order; the first is the branch the commit was made on. Empty for a root commit.
    public let parentIDs: [CommitID]
    public let author: Signature
    public let committer: Signature
    /// The full message as stored (without leading blank lines).
    public let message: String
    /// The first paragraph of the message on one line (what `git log --format=%s` shows).
    public let summary: String
    /// The message after the summary paragraph, trimmed; nil when there is none.
    public let body: String?
    /// The id of the commit's root tree.
    public let treeID: ObjectID

    public init(
        id: CommitID, parentIDs: [CommitID], author: Signature, committer: Signature,
        message: String, summary: String, body: String?, treeID: ObjectID
    ) {
        self.id = id
        self.parentIDs = parentIDs
        self.author = author
        self.committer = committer
        self.message = message
        self.summary = summary
        self.body = body
        self.treeID = treeID
    }

    /// True when the commit has more than one parent.
    public var isMerge: Bool { parentIDs.count > 1 }
    /// True when the commit has no parent.
    public var isRoot: Bool { parentIDs.isEmpty }
}
