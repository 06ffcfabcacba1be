import CLibgit2
import Foundation

extension Repository {
    /// What differs between HEAD, the index and the work tree (like `git status`): staged and
    /// unstaged changes per path, renames staged in the index, and, when `includeUntracked`,
    /// untracked files (each file, not just its directory). Ignored files are never listed.
    ///
    /// - Throws: ``RepositoryError/bareRepository(path:operation:)`` for a bare repository.
    public func status(includeUntracked: Bool = true) throws(RepositoryError) -> WorkingTreeStatus {
        guard !isBare else {
            throw .bareRepository(path: gitDirectory.path, operation: "Checking the work tree")
        }
        var options = git_status_options()
        try gitCheck(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION))) {
            .libgit2(operation: "status", subject: gitDirectory.path, failure: $0)
        }
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        var flags = GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX.rawValue | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY.rawValue
        if includeUntracked {
            flags |= GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        }
        options.flags = flags
        let list = try GitHandle.make(owner: handle, free: git_status_list_free, onError: {
            .libgit2(operation: "status", subject: self.gitDirectory.path, failure: $0)
        }) { git_status_list_new($0, handle.pointer, &options) }
        var entries: [StatusEntry] = []
        let count = git_status_list_entrycount(list.pointer)
        for index in 0..<count {
            guard let entry = git_status_byindex(list.pointer, index) else { continue }
            if let converted = StatusEntry(entry.pointee) { entries.append(converted) }
        }
        return WorkingTreeStatus(entries: entries)
    }

    /// Throws ``RepositoryError/dirtyWorkingTree(_:)`` unless the work tree and index match
    /// HEAD (the runner's refusal to deploy uncommitted changes). Untracked files count as
    /// dirty unless `ignoringUntracked`.
    public func requireCleanWorkingTree(ignoringUntracked: Bool = false) throws(RepositoryError) {
        let current = try status(includeUntracked: !ignoringUntracked)
        if current.isDirty { throw .dirtyWorkingTree(current) }
    }
}

extension StatusEntry {
    init?(_ entry: git_status_entry) {
        let flags = entry.status.rawValue
        func has(_ flag: git_status_t) -> Bool { flags & flag.rawValue != 0 }
        let indexDelta = entry.head_to_index?.pointee
        let workDelta = entry.index_to_workdir?.pointee
        let newPath = (indexDelta?.new_file.path ?? workDelta?.new_file.path).map { String(cString: $0) }
        let oldPath = (indexDelta?.old_file.path ?? workDelta?.old_file.path).map { String(cString: $0) }
        guard let path = newPath ?? oldPath else { return nil }

        var staged: Change?
        if has(GIT_STATUS_CONFLICTED) {
            staged = .conflicted
        } else if has(GIT_STATUS_INDEX_RENAMED) {
            staged = .renamed(from: oldPath ?? path)
        } else if has(GIT_STATUS_INDEX_NEW) {
            staged = .added
        } else if has(GIT_STATUS_INDEX_DELETED) {
            staged = .deleted
        } else if has(GIT_STATUS_INDEX_TYPECHANGE) {
            staged = .typeChanged
        } else if has(GIT_STATUS_INDEX_MODIFIED) {
            staged = .modified
        }

        var unstaged: Change?
        if has(GIT_STATUS_WT_NEW) {
            unstaged = .untracked
        } else if has(GIT_STATUS_WT_DELETED) {
            unstaged = .deleted
        } else if has(GIT_STATUS_WT_TYPECHANGE) {
            unstaged = .typeChanged
        } else if has(GIT_STATUS_WT_MODIFIED) {
            unstaged = .modified
        } else if has(GIT_STATUS_WT_RENAMED) {
            unstaged = .renamed(from: workDelta?.old_file.path.map { String(cString: $0) } ?? path)
        }
        guard staged != nil || unstaged != nil else { return nil }
        self.init(path: path, staged: staged, unstaged: unstaged)
    }
}
