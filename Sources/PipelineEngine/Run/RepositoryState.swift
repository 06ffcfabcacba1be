/// What the engine needs to know about the repository a run deploys.
public protocol RepositoryState: Sendable {
    /// The commit the run deploys, or nil outside a git repository.
    var commit: String? { get }
    var branch: String? { get }
    /// Whether a path matching one of `patterns` (globs: `*`, `**`, `?`) changed between `base`
    /// (a revision) and the run's commit.
    func hasChanges(since base: String, matching patterns: [String]) throws -> Bool
    /// Whether `commit` is a strict ancestor of `other` (reachable from it, and not it).
    func isAncestor(_ commit: String, of other: String) throws -> Bool
}

extension RepositoryState {
    public func isAncestor(_ commit: String, of other: String) throws -> Bool { false }
}
