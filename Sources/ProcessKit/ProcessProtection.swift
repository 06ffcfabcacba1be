import CProcessKit

/// What keeps the runner's own secrets from its steps at the level of the process: a step runs
/// as the runner's user, and any process of that user may read another's `/proc/<pid>/environ`
/// (the runner's base AWS keys, a CI's OIDC request token) unless that process is undumpable.
public enum ProcessProtection {
    /// Makes this process undumpable: its environment, memory and file descriptors under
    /// `/proc/<pid>/` are no longer readable, nor is it traceable, by other processes of the same
    /// user (root still can). Children that exec (every step) are dumpable again. Call it once,
    /// first thing; returns whether it took effect (false where the system has no such switch).
    @discardableResult
    public static func hideFromSameUser() -> Bool {
        cpk_set_undumpable() == 0 && isHidden
    }

    /// Whether this process is undumpable now.
    public static var isHidden: Bool { cpk_is_dumpable() == 0 }
}
