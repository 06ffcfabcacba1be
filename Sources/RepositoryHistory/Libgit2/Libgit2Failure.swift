import CLibgit2

/// What libgit2 reported about a failed call: its return code, its error class, and its
/// message (from `git_error_last`, captured on the failing thread right after the call).
public struct Libgit2Failure: Sendable, Hashable, CustomStringConvertible {
    /// The negative `git_error_code` the call returned (e.g. -3 `GIT_ENOTFOUND`).
    public let code: Int32
    /// The `git_error_t` class (e.g. 4 `GIT_ERROR_REFERENCE`).
    public let errorClass: Int32
    /// libgit2's own message.
    public let message: String

    public init(code: Int32, errorClass: Int32, message: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
    }

    /// Reads the calling thread's last libgit2 error for a call that returned `code`.
    static func last(code: Int32) -> Libgit2Failure {
        guard let error = git_error_last(), error.pointee.klass != 0 || error.pointee.message != nil else {
            return Libgit2Failure(code: code, errorClass: 0, message: "no detail from libgit2")
        }
        let message = error.pointee.message.map { String(cString: $0) } ?? "no detail from libgit2"
        return Libgit2Failure(code: code, errorClass: error.pointee.klass, message: message)
    }

    /// The error class by name, lower-case, as libgit2 spells it after `GIT_ERROR_`
    /// (e.g. "reference", "odb", "repository").
    public var className: String {
        let names = [
            "none", "nomemory", "os", "invalid", "reference", "zlib", "repository", "config",
            "regex", "odb", "index", "object", "net", "tag", "tree", "indexer", "ssl", "submodule",
            "thread", "stash", "checkout", "fetchhead", "merge", "ssh", "filter", "revert",
            "callback", "cherrypick", "describe", "rebase", "filesystem", "patch", "worktree",
            "sha", "http", "internal", "grafts",
        ]
        let index = Int(errorClass)
        return names.indices.contains(index) ? names[index] : "class \(errorClass)"
    }

    /// The `git_error_code` by name (e.g. "ENOTFOUND"), or the number.
    public var codeName: String {
        switch code {
        case GIT_ENOTFOUND.rawValue: "ENOTFOUND"
        case GIT_EEXISTS.rawValue: "EEXISTS"
        case GIT_EAMBIGUOUS.rawValue: "EAMBIGUOUS"
        case GIT_EBAREREPO.rawValue: "EBAREREPO"
        case GIT_EUNBORNBRANCH.rawValue: "EUNBORNBRANCH"
        case GIT_EINVALIDSPEC.rawValue: "EINVALIDSPEC"
        case GIT_EPEEL.rawValue: "EPEEL"
        case GIT_EINVALID.rawValue: "EINVALID"
        case GIT_EDIRECTORY.rawValue: "EDIRECTORY"
        case GIT_EOWNER.rawValue: "EOWNER"
        default: "\(code)"
        }
    }

    public var description: String {
        "libgit2 \(className) error \(codeName): \(message)"
    }
}
