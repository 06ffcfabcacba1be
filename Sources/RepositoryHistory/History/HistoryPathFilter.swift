import CLibgit2

/// Decides whether a commit changes any of a set of paths, the way
/// `git rev-list --full-history -- <paths>` does (revision.c, `try_to_simplify_commit`):
///
/// - a root commit is kept when it has a selected path;
/// - any other commit is kept when it differs at the selected paths from at least one
///   *relevant* parent. A parent is relevant unless the range hides it (it is an ancestor of
///   a hidden commit) and it is not itself one of the hidden boundary commits. When no parent
///   is relevant, any parent counts.
///
/// Parents and root trees come from the commit-graph file when it lists the commit (no commit
/// is parsed), else from libgit2. Each root tree's entries at the patterns' literal prefixes
/// are looked up once and kept (every commit is compared as a child and again as a parent).
/// A class only because of that cache; used by one walk on one thread, like the repository.
final class HistoryPathFilter {
    private let repository: Repository
    private let graph: CommitGraphFile?
    private let trees: RawTreeReader
    private let patterns: [PathPattern]
    private let prefixes: [String]
    private let prefixSegments: [[[UInt8]]]
    /// Every commit the range hides (ancestors of the hidden boundary, inclusive).
    private let uninteresting: Set<CommitID>
    /// The hidden boundary commits themselves.
    private let bottoms: Set<CommitID>
    /// Root tree id → for each pattern, the entry at its literal prefix (nil: absent).
    private var entries: [RawOID: [PrefixEntry?]] = [:]

    /// The id and mode of a tree entry, comparable.
    private struct PrefixEntry: Equatable {
        let id: RawOID
        let mode: UInt32
    }

    init(repository: Repository, patterns: [PathPattern], hidden: [CommitID]) throws(RepositoryError) {
        self.repository = repository
        self.graph = repository.commitGraph
        self.trees = try RawTreeReader(repository: repository)
        self.patterns = patterns
        self.prefixes = patterns.map(\.literalPrefix)
        self.prefixSegments = prefixes.map(RawTreeReader.segments)
        self.bottoms = Set(hidden)
        self.uninteresting = hidden.isEmpty
            ? []
            : Set(try repository.ancestors(of: hidden))
    }

    /// Whether commit `oid` changes a selected path (see the type's rule).
    func selects(_ oid: git_oid) throws(RepositoryError) -> Bool {
        let commit = try shape(of: RawOID(oid))
        if commit.parents.isEmpty {
            return try differs(nil, commit.tree)
        }
        var relevantParents = 0
        var relevantChange = false
        var irrelevantChange = false
        for parent in commit.parents {
            let parentID = CommitID(oid: parent.oid)
            let relevant = !uninteresting.contains(parentID) || bottoms.contains(parentID)
            if relevant { relevantParents += 1 }
            if relevant ? relevantChange : irrelevantChange { continue }
            if try differs(shape(of: parent).tree, commit.tree) {
                if relevant { relevantChange = true } else { irrelevantChange = true }
            }
        }
        return relevantParents > 0 ? relevantChange : irrelevantChange
    }

    /// A commit's root tree and parents.
    private func shape(of commit: RawOID) throws(RepositoryError) -> (tree: git_oid, parents: [RawOID]) {
        if let graph, let position = graph.position(of: commit) {
            var parents: [Int] = []
            if graph.parents(at: position, into: &parents) {
                return (graph.treeID(at: position).oid, parents.map(graph.oid(at:)))
            }
        }
        var lookup = commit.oid
        let handle = try GitHandle.make(owner: repository.handle, free: git_commit_free, onError: {
            .libgit2(operation: "read commit", subject: ObjectID.hexString(lookup), failure: $0)
        }) { git_commit_lookup($0, repository.handle.pointer, &lookup) }
        let count = git_commit_parentcount(handle.pointer)
        var parents: [RawOID] = []
        for index in 0..<count {
            if let parent = git_commit_parent_id(handle.pointer, index) { parents.append(RawOID(parent.pointee)) }
        }
        return (git_commit_tree_id(handle.pointer).pointee, parents)
    }

    /// Whether two root trees differ at any selected path (nil is the empty tree).
    private func differs(_ old: git_oid?, _ new: git_oid) throws(RepositoryError) -> Bool {
        let oldEntries = try old.map { tree throws(RepositoryError) in try prefixEntries(tree) }
        let newEntries = try prefixEntries(new)
        for (index, pattern) in patterns.enumerated() {
            let oldEntry = oldEntries?[index] ?? nil
            let newEntry = newEntries[index]
            if oldEntry == newEntry { continue }
            guard pattern.isGlob else { return true }
            if try globDiffers(pattern, prefix: prefixes[index], old: oldEntry, new: newEntry) { return true }
        }
        return false
    }

    /// The entries at every pattern's literal prefix in root tree `tree`, cached.
    private func prefixEntries(_ tree: git_oid) throws(RepositoryError) -> [PrefixEntry?] {
        let key = RawOID(tree)
        if let known = entries[key] { return known }
        var found: [PrefixEntry?] = []
        found.reserveCapacity(prefixes.count)
        for segments in prefixSegments {
            found.append(try trees.entry(at: segments, in: tree).map { PrefixEntry(id: RawOID($0.id), mode: $0.mode) })
        }
        entries[key] = found
        return found
    }

    /// A glob below a directory that changed: diff the two directories and match each path.
    private func globDiffers(
        _ pattern: PathPattern, prefix: String, old: PrefixEntry?, new: PrefixEntry?
    ) throws(RepositoryError) -> Bool {
        let directory = GIT_FILEMODE_TREE.rawValue
        let oldTree = try old.flatMap { entry throws(RepositoryError) in
            entry.mode == directory ? try repository.tree(entry.id.oid, subject: prefix) : nil
        }
        let newTree = try new.flatMap { entry throws(RepositoryError) in
            entry.mode == directory ? try repository.tree(entry.id.oid, subject: prefix) : nil
        }
        if oldTree == nil && newTree == nil { return false }
        let diff = try repository.diffTrees(oldTree, newTree, pathspec: [], subject: pattern.pattern)
        for index in 0..<git_diff_num_deltas(diff.pointer) {
            guard let delta = git_diff_get_delta(diff.pointer, index) else { continue }
            for file in [delta.pointee.old_file, delta.pointee.new_file] {
                guard let raw = file.path else { continue }
                let relative = String(cString: raw)
                if pattern.matches(prefix.isEmpty ? relative : prefix + "/" + relative) { return true }
            }
        }
        return false
    }
}

extension Repository {
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
