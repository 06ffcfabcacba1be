import CLibgit2

/// What a tree entry is, from its Git file mode.
public enum FileKind: String, Sendable, Hashable, Codable {
    /// 100644
    case file
    /// 100755
    case executable
    /// 120000; the blob holds the link target.
    case symlink
    /// 160000 (a gitlink); the id is a commit in another repository.
    case submodule
    /// 040000
    case directory

    init?(mode: git_filemode_t) {
        switch mode {
        case GIT_FILEMODE_BLOB: self = .file
        case GIT_FILEMODE_BLOB_EXECUTABLE: self = .executable
        case GIT_FILEMODE_LINK: self = .symlink
        case GIT_FILEMODE_COMMIT: self = .submodule
        case GIT_FILEMODE_TREE: self = .directory
        default: return nil
        }
    }

    init?(rawMode: UInt32) {
        self.init(mode: git_filemode_t(rawValue: rawMode))
    }

    /// The octal mode Git writes ("100644", …).
    public var octalMode: String {
        switch self {
        case .file: "100644"
        case .executable: "100755"
        case .symlink: "120000"
        case .submodule: "160000"
        case .directory: "040000"
        }
    }
}

/// One non-directory entry of a tree, with its full path from the repository root.
public struct TreeEntry: Sendable, Hashable, Codable {
    public let path: String
    public let kind: FileKind
    public let id: ObjectID
}
