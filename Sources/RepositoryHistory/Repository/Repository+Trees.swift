import CLibgit2
import Foundation

/// Internal tree helpers shared by file reads, listings, diffs and the history path filter.
extension Repository {
    /// The id and mode of the entry at `path` in `tree`; nil when there is none. The empty
    /// path is the tree itself.
    func entry(at path: String, in tree: GitHandle) throws(RepositoryError) -> (id: git_oid, mode: UInt32)? {
        if path.isEmpty {
            return (git_tree_id(tree.pointer).pointee, GIT_FILEMODE_TREE.rawValue)
        }
        var out: OpaquePointer?
        let code = git_tree_entry_bypath(&out, tree.pointer, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try gitCheck(code) { .libgit2(operation: "read tree entry", subject: path, failure: $0) }
        guard let out else { return nil }
        let entry = GitHandle(out, owner: handle, free: git_tree_entry_free)
        return (git_tree_entry_id(entry.pointer).pointee, git_tree_entry_filemode(entry.pointer).rawValue)
    }

    /// The tree with id `oid`.
    func tree(_ oid: git_oid, subject: String) throws(RepositoryError) -> GitHandle {
        var lookup = oid
        return try GitHandle.make(owner: handle, free: git_tree_free, onError: {
            .libgit2(operation: "read tree", subject: subject, failure: $0)
        }) { git_tree_lookup($0, handle.pointer, &lookup) }
    }

    /// The directory at `path` in `tree`; nil when it is missing or not a directory.
    func subtree(at path: String, in tree: GitHandle) throws(RepositoryError) -> GitHandle? {
        if path.isEmpty { return tree }
        guard let found = try entry(at: path, in: tree), found.mode == GIT_FILEMODE_TREE.rawValue else { return nil }
        return try self.tree(found.id, subject: path)
    }

    /// A tree-to-tree diff (either side may be nil: the empty tree), not yet rename-detected.
    func diffTrees(
        _ old: GitHandle?, _ new: GitHandle?, pathspec: [String], subject: String
    ) throws(RepositoryError) -> GitHandle {
        var options = git_diff_options()
        try gitCheck(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))) {
            .libgit2(operation: "diff", subject: subject, failure: $0)
        }
        options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        if !pathspec.isEmpty {
            // Literal directory or file paths: no fnmatch, so a '*' in a file name is itself.
            options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        }
        return try CStringArray.with(pathspec) { strings throws(RepositoryError) in
            if let strings { options.pathspec = strings }
            return try GitHandle.make(owner: handle, free: git_diff_free, onError: {
                .libgit2(operation: "diff", subject: subject, failure: $0)
            }) { git_diff_tree_to_tree($0, handle.pointer, old?.pointer, new?.pointer, &options) }
        }
    }
}

/// A `git_strarray` over Swift strings, valid only inside `with`'s body.
enum CStringArray {
    static func with<R>(
        _ strings: [String], _ body: (git_strarray?) throws(RepositoryError) -> R
    ) throws(RepositoryError) -> R {
        guard !strings.isEmpty else { return try body(nil) }
        let pointers = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count)
        for (index, string) in strings.enumerated() {
            pointers[index] = strdup(string)
        }
        defer {
            for index in 0..<strings.count { free(pointers[index]) }
            pointers.deallocate()
        }
        return try body(git_strarray(strings: pointers, count: strings.count))
    }
}
