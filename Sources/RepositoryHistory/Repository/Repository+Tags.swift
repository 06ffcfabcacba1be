import CLibgit2

extension Repository {
    /// Every tag that names a commit, sorted by name (tags of trees or blobs are skipped).
    public func tags() throws(RepositoryError) -> [Tag] {
        let iterator = try GitHandle.make(owner: handle, free: git_reference_iterator_free, onError: {
            .libgit2(operation: "list tags", subject: "refs/tags", failure: $0)
        }) { git_reference_iterator_glob_new($0, handle.pointer, "refs/tags/*") }
        var result: [Tag] = []
        while true {
            var raw: OpaquePointer?
            let code = git_reference_next(&raw, iterator.pointer)
            if code == GIT_ITEROVER.rawValue { break }
            try gitCheck(code) { .libgit2(operation: "list tags", subject: "refs/tags", failure: $0) }
            guard let raw else { continue }
            let reference = GitHandle(raw, owner: handle, free: git_reference_free)
            let name = git_reference_shorthand(reference.pointer).map { String(cString: $0) } ?? ""
            guard let tag = try tag(named: name, reference: reference) else { continue }
            result.append(tag)
        }
        return result.sorted { $0.name < $1.name }
    }

    /// The tags pointing at `commit`, by name.
    public func tags(pointingAt commit: CommitID) throws(RepositoryError) -> [String] {
        try tags().filter { $0.commit == commit }.map(\.name)
    }

    /// The commit, branch, tags and uncommitted changes of HEAD, for a run's record.
    ///
    /// - Throws: ``RepositoryError/unbornHead(branch:operation:)`` in a repository without commits.
    public func runMetadata() throws(RepositoryError) -> RunMetadata {
        let head = try head()
        guard let id = head.commitID else {
            throw .unbornHead(branch: head.branchName ?? "HEAD", operation: "Recording the run's commit")
        }
        return RunMetadata(
            commit: try commit(id),
            branch: head.isDetached ? nil : head.branchName,
            tags: try tags(pointingAt: id),
            uncommittedChanges: isBare ? [] : try status().entries)
    }

    private func tag(named name: String, reference: GitHandle) throws(RepositoryError) -> Tag? {
        let object = try GitHandle.make(owner: handle, free: git_object_free, onError: {
            .libgit2(operation: "read tag", subject: name, failure: $0)
        }) { git_reference_peel($0, reference.pointer, GIT_OBJECT_ANY) }
        var message: String?
        // Peel step by step: an annotated tag object first (keep its message), then the commit.
        if let target = git_reference_target(reference.pointer) {
            var oid = target.pointee
            var tagObject: OpaquePointer?
            if git_tag_lookup(&tagObject, handle.pointer, &oid) == 0, let tagObject {
                let owned = GitHandle(tagObject, owner: handle, free: git_tag_free)
                message = git_tag_message(owned.pointer).map { String(cString: $0) } ?? ""
            } else {
                git_error_clear()
            }
        }
        guard git_object_type(object.pointer) == GIT_OBJECT_COMMIT, let id = git_object_id(object.pointer) else {
            return nil
        }
        return Tag(name: name, commit: CommitID(oid: id.pointee), message: message)
    }
}
