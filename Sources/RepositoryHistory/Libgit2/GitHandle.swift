import CLibgit2

/// Owns one libgit2 object (`git_commit *`, `git_tree *`, `git_diff *`, …) and frees it exactly
/// once, in `deinit`.
///
/// A handle keeps its `owner` (the repository's handle) alive, so a child object is always
/// freed before the repository it was read from. Handles never leave this module: public
/// results are copied into value types before a handle is released.
final class GitHandle {
    let pointer: OpaquePointer
    private let free: @convention(c) (OpaquePointer?) -> Void
    private let owner: GitHandle?

    init(_ pointer: OpaquePointer, owner: GitHandle?, free: @convention(c) (OpaquePointer?) -> Void) {
        self.pointer = pointer
        self.owner = owner
        self.free = free
    }

    deinit {
        free(pointer)
    }
}

extension GitHandle {
    /// Calls a libgit2 constructor (`int git_x_lookup(git_x **out, …)`) and wraps its result.
    ///
    /// - Parameters:
    ///   - owner: the handle that must outlive the new object (normally the repository).
    ///   - free: the matching `git_x_free`.
    ///   - onError: turns libgit2's failure into the error to throw (read right after the call,
    ///     on the same thread, because `git_error_last` is thread-local).
    static func make(
        owner: GitHandle?,
        free: @convention(c) (OpaquePointer?) -> Void,
        onError: (Libgit2Failure) -> RepositoryError,
        _ construct: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    ) throws(RepositoryError) -> GitHandle {
        var out: OpaquePointer?
        let code = construct(&out)
        guard code >= 0 else {
            if let out { free(out) }
            throw onError(Libgit2Failure.last(code: code))
        }
        guard let out else {
            throw onError(Libgit2Failure(code: code, errorClass: 0, message: "libgit2 returned no object"))
        }
        return GitHandle(out, owner: owner, free: free)
    }
}

/// Throws `onError(failure)` when a libgit2 call returned a negative code.
@inline(__always)
func gitCheck(_ code: Int32, _ onError: (Libgit2Failure) -> RepositoryError) throws(RepositoryError) {
    if code < 0 { throw onError(Libgit2Failure.last(code: code)) }
}
