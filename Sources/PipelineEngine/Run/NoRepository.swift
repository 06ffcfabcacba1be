/// The workspace is not a git repository: no commit, no branch, and `changed` conditions hold.
public struct NoRepository: RepositoryState {
    public init() {}
    public var commit: String? { nil }
    public var branch: String? { nil }
    public func hasChanges(since base: String, matching patterns: [String]) throws -> Bool { true }
}
