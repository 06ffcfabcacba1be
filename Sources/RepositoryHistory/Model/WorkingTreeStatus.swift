/// The state of the work tree and index against HEAD (what `git status` reports).
public struct WorkingTreeStatus: Sendable, Hashable, Codable {
    /// One entry per path that differs, sorted by path.
    public let entries: [StatusEntry]

    public init(entries: [StatusEntry]) {
        self.entries = entries
    }

    /// True when nothing differs from HEAD (untracked files count only if they were asked for).
    public var isClean: Bool { entries.isEmpty }
    public var isDirty: Bool { !entries.isEmpty }

    /// Paths whose staged or unstaged change is `change` (renames match any `.renamed`).
    public func paths(_ change: StatusEntry.Change) -> [String] {
        entries.filter { $0.has(change) }.map(\.path)
    }

    /// Untracked paths.
    public var untracked: [String] { paths(.untracked) }
    /// Paths modified in the index or the work tree.
    public var modified: [String] { paths(.modified) }
    /// Paths added to the index.
    public var added: [String] { paths(.added) }
    /// Paths deleted in the index or the work tree.
    public var deleted: [String] { paths(.deleted) }
    /// Paths renamed in the index (the new path; the old one is in the change).
    public var renamed: [String] { paths(.renamed(from: "")) }
}

/// One path that differs from HEAD: its staged change (HEAD → index) and its unstaged change
/// (index → work tree), like the two columns of `git status --porcelain`.
public struct StatusEntry: Sendable, Hashable, Codable {
    public enum Change: Sendable, Hashable, Codable {
        case added
        case modified
        case deleted
        case renamed(from: String)
        case typeChanged
        case untracked
        case conflicted
    }

    /// The path now (for a rename, the new path).
    public let path: String
    /// HEAD → index; nil when the index matches HEAD at this path.
    public let staged: Change?
    /// Index → work tree; nil when the work tree matches the index at this path.
    public let unstaged: Change?

    public init(path: String, staged: Change?, unstaged: Change?) {
        self.path = path
        self.staged = staged
        self.unstaged = unstaged
    }

    func has(_ change: Change) -> Bool {
        [staged, unstaged].contains { candidate in
            guard let candidate else { return false }
            if case .renamed = change, case .renamed = candidate { return true }
            return candidate == change
        }
    }
}
