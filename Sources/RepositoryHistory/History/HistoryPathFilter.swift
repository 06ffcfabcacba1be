import CLibgit2

/// Decides whether a commit changes any of a set of paths, the way
/// `git rev-list --full-history -- <paths>` does (revision.c, `try_to_simplify_commit`):
///
/// - a root commit is kept when it has a selected path;
/// - any other commit is kept when it differs at the selected paths from at least one
///   *relevant* parent. A parent is relevant unless the range hides it (it is an ancestor of
///   a hidden commit) and it is not itself one of the hidden boundary commits. When no parent
///   is relevant, any parent counts.
struct HistoryPathFilter {
    private let repository: Repository
    private let patterns: [PathPattern]
    /// Every commit the range hides (ancestors of the hidden boundary, inclusive).
    private let uninteresting: Set<CommitID>
    /// The hidden boundary commits themselves.
    private let bottoms: Set<CommitID>

    init(repository: Repository, patterns: [PathPattern], hidden: [CommitID]) throws(RepositoryError) {
        self.repository = repository
        self.patterns = patterns
        self.bottoms = Set(hidden)
        self.uninteresting = hidden.isEmpty
            ? []
            : Set(try repository.ancestors(of: hidden))
    }

    /// Whether `commit` changes a selected path (see the type's rule).
    func selects(_ commit: GitHandle) throws(RepositoryError) -> Bool {
        let id = CommitID(oid: git_commit_id(commit.pointer).pointee)
        let tree = try repository.treeHandle(ofCommit: commit, id: id)
        let parentCount = git_commit_parentcount(commit.pointer)
        if parentCount == 0 {
            return try differs(nil, tree)
        }
        var relevantParents = 0
        var relevantChange = false
        var irrelevantChange = false
        for index in 0..<parentCount {
            let parentID = CommitID(oid: git_commit_parent_id(commit.pointer, index).pointee)
            let relevant = !uninteresting.contains(parentID) || bottoms.contains(parentID)
            if relevant { relevantParents += 1 }
            if relevant ? relevantChange : irrelevantChange { continue }
            let parentTree = try repository.tree(of: parentID)
            if try differs(parentTree, tree) {
                if relevant { relevantChange = true } else { irrelevantChange = true }
            }
        }
        return relevantParents > 0 ? relevantChange : irrelevantChange
    }

    /// Whether the two trees differ at any selected path (nil is the empty tree).
    private func differs(_ old: GitHandle?, _ new: GitHandle) throws(RepositoryError) -> Bool {
        for pattern in patterns {
            let prefix = pattern.literalPrefix
            let oldEntry = try old.flatMap { tree throws(RepositoryError) in try repository.entry(at: prefix, in: tree) }
            let newEntry = try repository.entry(at: prefix, in: new)
            if oldEntry == nil && newEntry == nil { continue }
            if let oldEntry, let newEntry, oldEntry.mode == newEntry.mode,
               git_oid_equal(withUnsafePointer(to: oldEntry.id) { $0 }, withUnsafePointer(to: newEntry.id) { $0 }) != 0 {
                continue
            }
            guard pattern.isGlob else { return true }
            // A glob below the literal prefix: diff the two directories and match each path.
            let oldTree = try old.flatMap { tree throws(RepositoryError) in try repository.subtree(at: prefix, in: tree) }
            let newTree = try repository.subtree(at: prefix, in: new)
            if oldTree == nil && newTree == nil { continue }
            let diff = try repository.diffTrees(oldTree, newTree, pathspec: [], subject: pattern.pattern)
            let count = git_diff_num_deltas(diff.pointer)
            for index in 0..<count {
                guard let delta = git_diff_get_delta(diff.pointer, index) else { continue }
                for file in [delta.pointee.old_file, delta.pointee.new_file] {
                    guard let raw = file.path else { continue }
                    let relative = String(cString: raw)
                    if pattern.matches(prefix.isEmpty ? relative : prefix + "/" + relative) { return true }
                }
            }
        }
        return false
    }
}

extension Repository {
    /// The tree of commit `id`.
    func tree(of id: CommitID) throws(RepositoryError) -> GitHandle {
        try treeHandle(of: id)
    }

    /// Every commit reachable from `roots`, inclusive.
    func ancestors(of roots: [CommitID]) throws(RepositoryError) -> [CommitID] {
        let walker = try GitHandle.make(owner: handle, free: git_revwalk_free, onError: {
            .libgit2(operation: "walk ancestors", subject: roots.map(\.hex).joined(separator: " "), failure: $0)
        }) { git_revwalk_new($0, handle.pointer) }
        for root in roots {
            var oid = root.oid
            try gitCheck(git_revwalk_push(walker.pointer, &oid)) {
                .libgit2(operation: "walk ancestors", subject: root.hex, failure: $0)
            }
        }
        var result: [CommitID] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walker.pointer)
            if code == GIT_ITEROVER.rawValue { break }
            try gitCheck(code) { .libgit2(operation: "walk ancestors", subject: "", failure: $0) }
            result.append(CommitID(oid: oid))
        }
        return result
    }
}
