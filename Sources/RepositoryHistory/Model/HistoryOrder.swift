/// The order of a history walk. Both are newest first.
public enum HistoryOrder: Sendable, Hashable, Codable {
    /// By commit time, newest first: `git rev-list`'s default order (libgit2 `GIT_SORT_TIME`).
    /// With clock skew a parent can come before a child.
    case time
    /// Children always before their parents, by commit time otherwise (libgit2
    /// `GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME`). Needs the whole range walked before the first
    /// result, so a `limit` saves less.
    case topological
}
