/// A tag and the commit it names.
public struct Tag: Sendable, Hashable, Codable {
    /// The short name ("v1.2.0").
    public let name: String
    /// The commit the tag points at (annotated tags peeled).
    public let commit: CommitID
    /// The annotation's message; nil for a lightweight tag.
    public let message: String?

    public init(name: String, commit: CommitID, message: String?) {
        self.name = name
        self.commit = commit
        self.message = message
    }

    /// True for an annotated tag (a tag object with a message and tagger).
    public var isAnnotated: Bool { message != nil }
}
