/// What a publish did.
public struct PublishResult: Sendable, Equatable {
    /// Key → the version id its upload created.
    public var uploaded: [String: String]
    /// Keys deleted (a delete marker each), sorted.
    public var deleted: [String]
    /// Keys left as they were.
    public var unchanged: [String]
    /// Write calls made (PutObject + DeleteObject).
    public var writeCalls: Int
}
