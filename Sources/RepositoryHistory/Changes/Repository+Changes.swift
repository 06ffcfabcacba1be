import CLibgit2

extension Repository {
    /// The paths that differ between two commits, like `git diff --name-status -M base head`:
    /// added, modified, deleted, renamed (with rename detection) and type-changed files.
    ///
    /// - Parameters:
    ///   - base: the old side; nil compares against the empty tree (everything is added).
    ///   - head: the new side.
    ///   - paths: when not empty, only changes where either side's path is selected.
    ///   - renames: rename detection settings (git's `-M` defaults).
    /// - Returns: changes sorted by path (the new path for renames).
    public func changes(
        from base: CommitID?, to head: CommitID, paths: [PathPattern] = [], renames: RenameDetection = .default
    ) throws(RepositoryError) -> [Change] {
        let subject = "\(base?.abbreviated() ?? "(empty)")..\(head.abbreviated())"
        let oldTree = try base.map { id throws(RepositoryError) in try treeHandle(of: id) }
        let newTree = try treeHandle(of: head)
        // Restrict the tree walk to the literal directories of the patterns; the patterns
        // themselves are matched afterwards. One pattern selecting everything means no pathspec.
        let prefixes = paths.map(\.literalPrefix)
        let pathspec = prefixes.contains("") ? [] : Array(Set(prefixes)).sorted()
        let diff = try diffTrees(oldTree, newTree, pathspec: pathspec, subject: subject)
        if renames.enabled {
            try detectRenames(in: diff, settings: renames, subject: subject)
        }
        var result: [Change] = []
        let count = git_diff_num_deltas(diff.pointer)
        result.reserveCapacity(count)
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff.pointer, index),
                  let change = Change(delta: delta.pointee) else { continue }
            if !paths.isEmpty && !change.paths.contains(where: { path in paths.contains { $0.matches(path) } }) {
                continue
            }
            result.append(change)
        }
        result.sort { $0.path < $1.path }
        return result
    }

    /// Pairs deletions with additions the way `git diff -M` does: git's similarity measure
    /// (``GitSimilarityMetric``), git's threshold, and git's `diff.renameLimit` rule (above
    /// `limit` × `limit` inexact candidate pairs only exact renames are found). libgit2's own
    /// `rename_limit` (a per-target cap) is lifted so it cannot cut the search short.
    private func detectRenames(in diff: GitHandle, settings: RenameDetection, subject: String) throws(RepositoryError) {
        var sources: [ObjectID: Int] = [:], targets: [ObjectID: Int] = [:]
        let count = git_diff_num_deltas(diff.pointer)
        for index in 0..<count {
            guard let delta = git_diff_get_delta(diff.pointer, index)?.pointee else { continue }
            if delta.status == GIT_DELTA_DELETED {
                sources[ObjectID(oid: delta.old_file.id), default: 0] += 1
            } else if delta.status == GIT_DELTA_ADDED {
                targets[ObjectID(oid: delta.new_file.id), default: 0] += 1
            }
        }
        guard !sources.isEmpty && !targets.isEmpty else { return }
        // Candidates left for inexact matching once identical contents are paired.
        let inexactSources = sources.reduce(0) { $0 + (targets[$1.key] == nil ? $1.value : 0) }
        let inexactTargets = targets.reduce(0) { $0 + (sources[$1.key] == nil ? $1.value : 0) }
        var options = git_diff_find_options()
        try gitCheck(git_diff_find_options_init(&options, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))) {
            .libgit2(operation: "rename detection", subject: subject, failure: $0)
        }
        options.flags = GIT_DIFF_FIND_RENAMES.rawValue | GIT_DIFF_FIND_DONT_IGNORE_WHITESPACE.rawValue
        if inexactSources * inexactTargets > settings.limit * settings.limit {
            options.flags |= GIT_DIFF_FIND_EXACT_MATCH_ONLY.rawValue
        }
        options.rename_threshold = UInt16(clamping: settings.threshold)
        options.rename_limit = max(Int(count), settings.limit)
        try GitSimilarityMetric.with(minimumPercent: settings.threshold) { metric throws(RepositoryError) in
            options.metric = metric
            try gitCheck(git_diff_find_similar(diff.pointer, &options)) {
                .libgit2(operation: "rename detection", subject: subject, failure: $0)
            }
        }
    }

    /// The changes between the commits two revisions name.
    public func changes(
        from base: String, to head: String, paths: [PathPattern] = [], renames: RenameDetection = .default
    ) throws(RepositoryError) -> [Change] {
        try changes(from: resolve(base), to: resolve(head), paths: paths, renames: renames)
    }

    /// Whether anything selected by `paths` differs between two commits (the "changed since
    /// base" condition); no rename detection is needed for a yes/no answer.
    public func hasChanges(from base: CommitID?, to head: CommitID, paths: [PathPattern] = []) throws(RepositoryError) -> Bool {
        !(try changes(from: base, to: head, paths: paths, renames: .none).isEmpty)
    }
}

extension Change {
    /// Converts one libgit2 delta; nil for kinds a tree-to-tree diff does not produce.
    init?(delta: git_diff_delta) {
        let oldPath = delta.old_file.path.map { String(cString: $0) } ?? ""
        let newPath = delta.new_file.path.map { String(cString: $0) } ?? oldPath
        let oldID = ObjectID(oid: delta.old_file.id)
        let newID = ObjectID(oid: delta.new_file.id)
        let oldKind = FileKind(rawMode: UInt32(delta.old_file.mode))
        let newKind = FileKind(rawMode: UInt32(delta.new_file.mode))
        switch delta.status {
        case GIT_DELTA_ADDED:
            self.init(kind: .added, path: newPath, oldID: nil, newID: newID, oldKind: nil, newKind: newKind)
        case GIT_DELTA_DELETED:
            self.init(kind: .deleted, path: oldPath, oldID: oldID, newID: nil, oldKind: oldKind, newKind: nil)
        case GIT_DELTA_MODIFIED:
            self.init(kind: .modified, path: newPath, oldID: oldID, newID: newID, oldKind: oldKind, newKind: newKind)
        case GIT_DELTA_RENAMED:
            self.init(
                kind: .renamed(similarity: Int(delta.similarity)), path: newPath, previousPath: oldPath,
                oldID: oldID, newID: newID, oldKind: oldKind, newKind: newKind)
        case GIT_DELTA_TYPECHANGE:
            self.init(kind: .typeChanged, path: newPath, oldID: oldID, newID: newID, oldKind: oldKind, newKind: newKind)
        default:
            return nil
        }
    }
}
