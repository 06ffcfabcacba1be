import CLibgit2

extension Repository {
    /// Resolves a revision (`HEAD`, `HEAD~2`, `main`, `v1.0` annotated or lightweight, a short
    /// or full id, `main@{1}`, …; see gitrevisions(7)) to the commit it names, peeling tags.
    ///
    /// - Throws: ``RepositoryError/unknownRevision(_:failure:)``,
    ///   ``RepositoryError/ambiguousRevision(_:failure:)``, ``RepositoryError/invalidRevision(_:failure:)``,
    ///   ``RepositoryError/notACommit(revision:objectKind:)``, or
    ///   ``RepositoryError/unbornHead(branch:operation:)`` for `HEAD` in an empty repository.
    public func resolve(_ revision: String) throws(RepositoryError) -> CommitID {
        let object = try revparseSingle(revision)
        return try peelToCommitID(object, revision: revision)
    }

    /// The metadata of commit `id`.
    public func commit(_ id: CommitID) throws(RepositoryError) -> Commit {
        let handle = try commitHandle(id)
        return Commit(handle: handle.pointer)
    }

    /// The metadata of the commit `revision` names (see ``resolve(_:)``).
    public func commit(_ revision: String) throws(RepositoryError) -> Commit {
        try commit(resolve(revision))
    }

    /// The best common ancestor of two commits (`git merge-base a b`); nil when their histories
    /// are unrelated.
    public func mergeBase(_ a: CommitID, _ b: CommitID) throws(RepositoryError) -> CommitID? {
        var oidA = a.oid, oidB = b.oid, out = git_oid()
        let code = git_merge_base(&out, handle.pointer, &oidA, &oidB)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try gitCheck(code) { .libgit2(operation: "merge-base", subject: "\(a.hex) \(b.hex)", failure: $0) }
        return CommitID(oid: out)
    }

    /// True when `ancestor` is reachable from `descendant` (or is the same commit), like
    /// `git merge-base --is-ancestor`. Used for promotion rules.
    public func isAncestor(_ ancestor: CommitID, of descendant: CommitID) throws(RepositoryError) -> Bool {
        if ancestor == descendant { return true }
        var oidDescendant = descendant.oid, oidAncestor = ancestor.oid
        let code = git_graph_descendant_of(handle.pointer, &oidDescendant, &oidAncestor)
        try gitCheck(code) {
            .libgit2(operation: "ancestry check", subject: "\(ancestor.hex) \(descendant.hex)", failure: $0)
        }
        return code == 1
    }

    // MARK: - Internal lookups

    func revparseSingle(_ revision: String) throws(RepositoryError) -> GitHandle {
        do {
            return try GitHandle.make(owner: handle, free: git_object_free, onError: { failure in
                self.revisionError(revision, failure)
            }) { git_revparse_single($0, handle.pointer, revision) }
        } catch {
            throw refineUnborn(error, revision: revision)
        }
    }

    /// Maps a revparse failure to the user-facing error.
    func revisionError(_ revision: String, _ failure: Libgit2Failure) -> RepositoryError {
        switch failure.code {
        case GIT_ENOTFOUND.rawValue: .unknownRevision(revision, failure: failure)
        case GIT_EAMBIGUOUS.rawValue: .ambiguousRevision(revision, failure: failure)
        case GIT_EINVALIDSPEC.rawValue: .invalidRevision(revision, failure: failure)
        case GIT_EPEEL.rawValue: .notACommit(revision: revision, objectKind: "object that does not peel to a commit")
        default: .libgit2(operation: "resolve revision", subject: revision, failure: failure)
        }
    }

    /// `HEAD`-relative revisions in an empty repository fail as "not found"; say why.
    func refineUnborn(_ error: RepositoryError, revision: String) -> RepositoryError {
        guard case .unknownRevision = error,
              revision == "HEAD" || revision == "@" || revision.hasPrefix("HEAD~") || revision.hasPrefix("HEAD^")
                || revision.hasPrefix("@~") || revision.hasPrefix("@^"),
              case .unborn(let branch)? = try? head()
        else { return error }
        return .unbornHead(branch: branch, operation: "Resolving '\(revision)'")
    }

    func peelToCommitID(_ object: GitHandle, revision: String) throws(RepositoryError) -> CommitID {
        if git_object_type(object.pointer) == GIT_OBJECT_COMMIT, let id = git_object_id(object.pointer) {
            return CommitID(oid: id.pointee)
        }
        let kind = Repository.objectKindName(git_object_type(object.pointer))
        let peeled = try GitHandle.make(owner: handle, free: git_object_free, onError: { failure in
            failure.code == GIT_EPEEL.rawValue || failure.code == GIT_EINVALIDSPEC.rawValue
                || failure.code == GIT_ENOTFOUND.rawValue
                ? .notACommit(revision: revision, objectKind: kind)
                : .libgit2(operation: "peel to commit", subject: revision, failure: failure)
        }) { git_object_peel($0, object.pointer, GIT_OBJECT_COMMIT) }
        guard let id = git_object_id(peeled.pointer) else {
            throw .notACommit(revision: revision, objectKind: kind)
        }
        return CommitID(oid: id.pointee)
    }

    static func objectKindName(_ type: git_object_t) -> String {
        switch type {
        case GIT_OBJECT_COMMIT: "commit"
        case GIT_OBJECT_TREE: "tree"
        case GIT_OBJECT_BLOB: "blob"
        case GIT_OBJECT_TAG: "tag"
        default: "object"
        }
    }

    func commitHandle(_ id: CommitID) throws(RepositoryError) -> GitHandle {
        var oid = id.oid
        return try GitHandle.make(owner: handle, free: git_commit_free, onError: { failure in
            failure.code == GIT_ENOTFOUND.rawValue
                ? .unknownRevision(id.hex, failure: failure)
                : .libgit2(operation: "read commit", subject: id.hex, failure: failure)
        }) { git_commit_lookup($0, handle.pointer, &oid) }
    }

    func treeHandle(ofCommit commit: GitHandle, id: CommitID) throws(RepositoryError) -> GitHandle {
        try GitHandle.make(owner: handle, free: git_tree_free, onError: {
            .libgit2(operation: "read tree", subject: id.hex, failure: $0)
        }) { git_commit_tree($0, commit.pointer) }
    }

    func treeHandle(of id: CommitID) throws(RepositoryError) -> GitHandle {
        try treeHandle(ofCommit: commitHandle(id), id: id)
    }
}

extension Commit {
    /// Copies a libgit2 commit's metadata.
    init(handle commit: OpaquePointer) {
        let id = CommitID(oid: git_commit_id(commit).pointee)
        let parentCount = git_commit_parentcount(commit)
        var parents: [CommitID] = []
        parents.reserveCapacity(Int(parentCount))
        for index in 0..<parentCount {
            if let parent = git_commit_parent_id(commit, index) {
                parents.append(CommitID(oid: parent.pointee))
            }
        }
        let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        let summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        let body = git_commit_body(commit).map { String(cString: $0) }
        self.init(
            id: id,
            parentIDs: parents,
            author: Signature(git_commit_author(commit)),
            committer: Signature(git_commit_committer(commit)),
            message: message,
            summary: summary,
            body: body,
            treeID: ObjectID(oid: git_commit_tree_id(commit).pointee)
        )
    }
}
