/// How one path differs between two commits (one line of `git diff --name-status -M`).
public struct Change: Sendable, Hashable, Codable {
    public enum Kind: Sendable, Hashable, Codable {
        /// `A`
        case added
        /// `M`
        case modified
        /// `D`
        case deleted
        /// `R<similarity>`: moved from ``Change/previousPath``, with a similarity in percent
        /// (100 for an exact rename).
        case renamed(similarity: Int)
        /// `T`: e.g. a file became a symlink.
        case typeChanged
    }

    public let kind: Kind
    /// The path after the change; for a deletion, the deleted path.
    public let path: String
    /// The path before a rename; nil for every other kind.
    public let previousPath: String?
    /// The blob before; nil for an addition.
    public let oldID: ObjectID?
    /// The blob after; nil for a deletion.
    public let newID: ObjectID?
    public let oldKind: FileKind?
    public let newKind: FileKind?

    public init(
        kind: Kind, path: String, previousPath: String? = nil,
        oldID: ObjectID?, newID: ObjectID?, oldKind: FileKind?, newKind: FileKind?
    ) {
        self.kind = kind
        self.path = path
        self.previousPath = previousPath
        self.oldID = oldID
        self.newID = newID
        self.oldKind = oldKind
        self.newKind = newKind
    }

    /// The status letter `git diff --name-status` prints: A, M, D, R, T.
    public var statusLetter: Character {
        switch kind {
        case .added: "A"
        case .modified: "M"
        case .deleted: "D"
        case .renamed: "R"
        case .typeChanged: "T"
        }
    }

    /// The paths this change touches (both sides of a rename).
    public var paths: [String] {
        if let previousPath { return [previousPath, path] }
        return [path]
    }
}

/// How ``Repository/changes(from:to:paths:renames:)`` pairs deletions with additions.
public struct RenameDetection: Sendable, Hashable {
    /// Whether to look for renames at all.
    public var enabled: Bool
    /// Minimum similarity in percent for an inexact rename (git's `-M` default: 50).
    public var threshold: Int
    /// Above `limit` × `limit` candidate pairs, only exact renames are found (git's
    /// `diff.renameLimit`, default 1000).
    public var limit: Int

    public init(enabled: Bool = true, threshold: Int = 50, limit: Int = 1000) {
        self.enabled = enabled
        self.threshold = threshold
        self.limit = limit
    }

    /// `git diff -M`: renames at 50% similarity, limit 1000.
    public static let `default` = RenameDetection()
    /// `git diff --no-renames`.
    public static let none = RenameDetection(enabled: false)
}
