import CLibgit2

/// Process-wide libgit2 state.
///
/// `git_libgit2_init` must run before any other libgit2 call. Swift initialises a static `let`
/// lazily, exactly once, and thread-safely (`swift_once`), so the first `ensureInitialized()`
/// from any thread performs the one initialisation. We never call `git_libgit2_shutdown`: the
/// library lives for the whole process, which avoids a use-after-shutdown race with any
/// repository still open on another thread.
enum Libgit2 {
    private static let initializationResult: Int32 = {
        let result = git_libgit2_init()
        // Reads trust the object database as git does: libgit2 by default re-hashes every
        // object it inflates (SHA-1 with collision detection), which costs more than the read.
        // `git fsck` remains the tool for verifying a repository.
        _ = clibgit2_set_strict_hash_verification(0)
        return result
    }()

    /// Runs `git_libgit2_init` the first time it is called in this process; later calls are free.
    @inline(__always)
    static func ensureInitialized() {
        _ = initializationResult
    }

    /// The libgit2 version linked at run time, e.g. "1.5.1".
    static var version: String {
        ensureInitialized()
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        _ = git_libgit2_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    /// Whether this libgit2 was built thread-aware (required for separate repositories on
    /// separate threads; Debian's build is).
    static var isThreadAware: Bool {
        ensureInitialized()
        return git_libgit2_features() & Int32(GIT_FEATURE_THREADS.rawValue) != 0
    }
}
