/// What a rollback did.
public struct RollbackResult: Sendable, Equatable {
    /// Keys put back at their snapshot version.
    public var restored: [String]
    /// Keys the deploy had added, removed with every version.
    public var removed: [String]
    /// Write calls made (one DeleteObject per version removed).
    public var writeCalls: Int
}
