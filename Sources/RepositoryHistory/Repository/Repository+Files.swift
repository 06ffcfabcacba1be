import CLibgit2
import Foundation

extension Repository {
    /// The bytes of the file at `path` in commit `commit`, read from the object database
    /// (no checkout, no filters: exactly what `git show <commit>:<path>` prints). For a
    /// symlink, the link target.
    ///
    /// - Throws: ``RepositoryError/pathNotFound(path:commit:)`` when the path does not exist at
    ///   that commit, ``RepositoryError/notAFile(path:commit:kind:)`` for a directory or submodule.
    public func contents(of path: String, at commit: CommitID) throws(RepositoryError) -> Data {
        let normalized = try Repository.normalizedPath(path)
        let tree = try treeHandle(of: commit)
        guard let found = try entry(at: normalized, in: tree) else {
            throw .pathNotFound(path: normalized, commit: commit)
        }
        let kind = FileKind(rawMode: found.mode) ?? .file
        guard kind == .file || kind == .executable || kind == .symlink else {
            throw .notAFile(path: normalized, commit: commit, kind: kind)
        }
        var oid = found.id
        let blob = try GitHandle.make(owner: handle, free: git_blob_free, onError: {
            .libgit2(operation: "read blob", subject: "\(commit.abbreviated()):\(normalized)", failure: $0)
        }) { git_blob_lookup($0, handle.pointer, &oid) }
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let bytes = git_blob_rawcontent(blob.pointer) else { return Data() }
        return Data(bytes: bytes, count: size)
    }

    /// The bytes of `path` at the commit `revision` names (see ``resolve(_:)``).
    public func contents(of path: String, at revision: String) throws(RepositoryError) -> Data {
        try contents(of: path, at: resolve(revision))
    }

    /// Whether a file (not a directory) exists at `path` in `commit`.
    public func fileExists(_ path: String, at commit: CommitID) throws(RepositoryError) -> Bool {
        let normalized = try Repository.normalizedPath(path)
        guard let found = try entry(at: normalized, in: treeHandle(of: commit)) else { return false }
        return found.mode != GIT_FILEMODE_TREE.rawValue
    }

    /// The files at `commit` selected by `pattern` (a path, a directory, or a glob; see
    /// ``PathPattern``), in Git's tree order (what `git ls-tree -r` lists). Directories are
    /// not listed; submodules are, as ``FileKind/submodule``.
    public func files(at commit: CommitID, matching pattern: PathPattern = .all) throws(RepositoryError) -> [TreeEntry] {
        let root = try treeHandle(of: commit)
        let prefix = pattern.literalPrefix
        guard let found = try entry(at: prefix, in: root) else { return [] }
        if found.mode != GIT_FILEMODE_TREE.rawValue {
            guard let kind = FileKind(rawMode: found.mode), pattern.matches(prefix) else { return [] }
            return [TreeEntry(path: prefix, kind: kind, id: ObjectID(oid: found.id))]
        }
        var result: [TreeEntry] = []
        try collect(tree: self.tree(found.id, subject: prefix), prefix: prefix, pattern: pattern, into: &result)
        return result
    }

    /// The files selected by `pattern` at the commit `revision` names.
    public func files(at revision: String, matching pattern: PathPattern = .all) throws(RepositoryError) -> [TreeEntry] {
        try files(at: resolve(revision), matching: pattern)
    }

    private func collect(
        tree: GitHandle, prefix: String, pattern: PathPattern, into result: inout [TreeEntry]
    ) throws(RepositoryError) {
        let count = git_tree_entrycount(tree.pointer)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree.pointer, index),
                  let rawName = git_tree_entry_name(entry) else { continue }
            let name = String(cString: rawName)
            let path = prefix.isEmpty ? name : prefix + "/" + name
            let mode = git_tree_entry_filemode(entry)
            if mode == GIT_FILEMODE_TREE {
                try collect(tree: self.tree(git_tree_entry_id(entry).pointee, subject: path), prefix: path, pattern: pattern, into: &result)
            } else if let kind = FileKind(mode: mode), pattern.matches(path) {
                result.append(TreeEntry(path: path, kind: kind, id: ObjectID(oid: git_tree_entry_id(entry).pointee)))
            }
        }
    }

    /// Checks and normalises a repository-relative file path ("./a//b/" → "a/b").
    static func normalizedPath(_ path: String) throws(RepositoryError) -> String {
        if path.hasPrefix("/") { throw .invalidPath(path, reason: "it is absolute; give it relative to the repository root") }
        if path.utf8.contains(0) { throw .invalidPath(path, reason: "it contains a NUL byte") }
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if segments.contains("..") { throw .invalidPath(path, reason: "'..' is not allowed") }
        if segments.isEmpty { throw .invalidPath(path, reason: "it is empty") }
        return segments.joined(separator: "/")
    }
}
