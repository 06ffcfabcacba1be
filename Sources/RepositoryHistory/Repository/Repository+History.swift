import CLibgit2
import Foundation

extension Repository {
    /// The commits in `range`, newest first, as full metadata (for run summaries and release
    /// notes).
    ///
    /// - Parameters:
    ///   - range: one revision (`HEAD`, `v1.2`: it and its ancestors), `base..head` (reachable
    ///     from `head` but not from `base`), or `a...b` (reachable from either but not both).
    ///   - paths: when not empty, only commits that change a selected path, with
    ///     `git rev-list --full-history -- <paths>` semantics: a commit is kept when its tree
    ///     differs at those paths from at least one parent inside the range (a root commit when
    ///     it has any such path).
    ///   - limit: at most this many commits (after the path filter).
    ///   - order: ``HistoryOrder/time`` (git's default) or ``HistoryOrder/topological``.
    public func history(
        _ range: String = "HEAD", paths: [PathPattern] = [], limit: Int? = nil, order: HistoryOrder = .time
    ) throws(RepositoryError) -> [Commit] {
        var commits: [Commit] = []
        try walk(range, paths: paths, limit: limit, order: order) { _, commit in
            commits.append(Commit(handle: commit.pointer))
        }
        return commits
    }

    /// The ids of the commits in `range` (see ``history(_:paths:limit:order:)``): the
    /// equivalent of `git rev-list`. Cheaper than `history` when metadata is not needed.
    public func commitIDs(
        _ range: String = "HEAD", paths: [PathPattern] = [], limit: Int? = nil, order: HistoryOrder = .time
    ) throws(RepositoryError) -> [CommitID] {
        var ids: [CommitID] = []
        try walk(range, paths: paths, limit: limit, order: order, needsCommit: false) { oid, _ in
            ids.append(CommitID(oid: oid))
        }
        return ids
    }

    /// Drives one history walk: over the commit-graph file for time order when the repository
    /// has one (``TimeOrderedWalk``), otherwise libgit2's revision walker. `body` gets each
    /// selected commit (its handle only when `needsCommit`; otherwise a placeholder that must
    /// not be read).
    private func walk(
        _ range: String, paths: [PathPattern], limit: Int?, order: HistoryOrder, needsCommit: Bool = true,
        _ body: (git_oid, GitHandle) throws(RepositoryError) -> Void
    ) throws(RepositoryError) {
        if let limit, limit <= 0 { return }
        let (included, hidden) = try rangeEndpoints(range)
        let filter = paths.isEmpty ? nil : try HistoryPathFilter(repository: self, patterns: paths, hidden: hidden)
        var count = 0, visited = 0
        // Returns false once `limit` commits were delivered.
        let visit = { (oid: git_oid) throws(RepositoryError) -> Bool in
            visited += 1
            if let filter, try !filter.selects(oid) { return true }
            if needsCommit {
                var lookup = oid
                let commit = try GitHandle.make(owner: self.handle, free: git_commit_free, onError: {
                    .libgit2(operation: "read commit", subject: ObjectID.hexString(oid), failure: $0)
                }) { git_commit_lookup($0, self.handle.pointer, &lookup) }
                try body(oid, commit)
            } else {
                try body(oid, self.handle)
            }
            count += 1
            return limit.map { count < $0 } ?? true
        }
        if order == .time, let graph = commitGraph {
            do {
                try TimeOrderedWalk(repository: self, graph: graph).run(include: included, hide: hidden, visit)
                return
            } catch {
                switch error {
                case .repository(let failure):
                    throw failure
                case .inconsistentGraph:
                    // Walk again without the graph, unless commits were already delivered.
                    guard visited == 0 else {
                        throw .libgit2(operation: "history walk", subject: range, failure: Libgit2Failure(
                            code: -1, errorClass: 9, message: "the commit-graph file is inconsistent"))
                    }
                    commitGraph = nil
                }
            }
        }
        try libgit2Walk(range, included: included, hidden: hidden, order: order, visit)
    }

    /// The same walk through libgit2's revision walker.
    private func libgit2Walk(
        _ range: String, included: [CommitID], hidden: [CommitID], order: HistoryOrder,
        _ visit: (git_oid) throws(RepositoryError) -> Bool
    ) throws(RepositoryError) {
        let walker = try GitHandle.make(owner: handle, free: git_revwalk_free, onError: {
            .libgit2(operation: "start history walk", subject: range, failure: $0)
        }) { git_revwalk_new($0, handle.pointer) }
        let sorting = order == .time
            ? GIT_SORT_TIME.rawValue
            : GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue
        try gitCheck(git_revwalk_sorting(walker.pointer, sorting)) {
            .libgit2(operation: "sort history walk", subject: range, failure: $0)
        }
        for id in included {
            var oid = id.oid
            try gitCheck(git_revwalk_push(walker.pointer, &oid)) {
                .libgit2(operation: "history walk", subject: range, failure: $0)
            }
        }
        for id in hidden {
            var oid = id.oid
            try gitCheck(git_revwalk_hide(walker.pointer, &oid)) {
                .libgit2(operation: "history walk", subject: range, failure: $0)
            }
        }
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walker.pointer)
            if code == GIT_ITEROVER.rawValue { break }
            try gitCheck(code) { .libgit2(operation: "history walk", subject: range, failure: $0) }
            guard try visit(oid) else { break }
        }
    }

    /// The repository's commit-graph file, unless history is rewritten by a shallow clone,
    /// grafts or replace refs (git ignores the graph then, and so do we).
    func openCommitGraph() -> CommitGraphFile? {
        guard let common = git_repository_commondir(handle.pointer) else { return nil }
        let directory = URL(fileURLWithPath: String(cString: common), isDirectory: true)
        let files = FileManager.default
        for rewrite in ["shallow", "info/grafts", "refs/replace"]
        where files.fileExists(atPath: directory.appendingPathComponent(rewrite).path) {
            return nil
        }
        if let packed = try? String(contentsOf: directory.appendingPathComponent("packed-refs"), encoding: .utf8),
           packed.contains(" refs/replace/") {
            return nil
        }
        return CommitGraphFile.load(path: directory.appendingPathComponent("objects/info/commit-graph").path)
    }

    /// Splits a range expression into commits to include and commits to hide.
    func rangeEndpoints(_ range: String) throws(RepositoryError) -> (include: [CommitID], hide: [CommitID]) {
        guard range.contains("..") else {
            return ([try resolve(range)], [])
        }
        var spec = git_revspec()
        let code = git_revparse(&spec, handle.pointer, range)
        // Take ownership at once so both objects are freed exactly once on every path.
        let from = spec.from.map { GitHandle($0, owner: handle, free: git_object_free) }
        let to = spec.to.map { GitHandle($0, owner: handle, free: git_object_free) }
        if code < 0 {
            throw refineUnborn(revisionError(range, Libgit2Failure.last(code: code)), revision: range)
        }
        let fromID = try from.map { object throws(RepositoryError) in try peelToCommitID(object, revision: range) }
        let toID = try to.map { object throws(RepositoryError) in try peelToCommitID(object, revision: range) }
        let start = try headForRange(fromID)
        if spec.flags & GIT_REVSPEC_SINGLE.rawValue != 0 {
            return ([start], [])
        }
        let end = try headForRange(toID)
        if spec.flags & GIT_REVSPEC_MERGE_BASE.rawValue != 0 {
            return ([start, end], try mergeBases(start, end))
        }
        return ([end], [start])
    }

    /// An omitted side of `a..` / `..b` means HEAD.
    private func headForRange(_ side: CommitID?) throws(RepositoryError) -> CommitID {
        if let side { return side }
        return try resolve("HEAD")
    }

    /// All best common ancestors of two commits (`git merge-base --all`).
    func mergeBases(_ a: CommitID, _ b: CommitID) throws(RepositoryError) -> [CommitID] {
        var oidA = a.oid, oidB = b.oid
        var array = git_oidarray()
        let code = git_merge_bases(&array, handle.pointer, &oidA, &oidB)
        if code == GIT_ENOTFOUND.rawValue { return [] }
        try gitCheck(code) { .libgit2(operation: "merge-base --all", subject: "\(a.hex) \(b.hex)", failure: $0) }
        defer { git_oidarray_dispose(&array) }
        return (0..<array.count).map { CommitID(oid: array.ids[$0]) }
    }
}
