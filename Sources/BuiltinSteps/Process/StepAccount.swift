import Foundation
import PipelineBasics
import ProcessKit
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The account step processes run as: when the runner runs as root and `PIPELINE_STEP_USER`
/// names a user, every step process (shell steps, step modules, their `describe`) runs as that
/// user, in checkouts it owns, so it cannot read or write the run store, the runner's files or
/// its process. Without one, steps run as the runner's user.
public struct StepAccount: Sendable, Equatable {
    public let name: String
    public let uid: UInt32
    public let gid: UInt32
    public let home: String

    /// The account steps run as in this process; nil: the runner's own.
    public static var current: StepAccount? { configured.withLock { $0 } }
    private static let configured = Mutex<StepAccount?>(nil)

    /// Looks `name` up and makes it the account steps run as. Only a runner running as root may
    /// run its steps as another user.
    public static func use(_ name: String) throws(StepAccountError) {
        guard !name.isEmpty else { throw .empty }
        guard geteuid() == 0 else { throw .needsRoot(name) }
        guard let entry = getpwnam(name) else { throw .unknownUser(name) }
        let account = StepAccount(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid,
                                  home: String(cString: entry.pointee.pw_dir))
        guard account.uid != 0 else { throw .isRoot(name) }
        configured.withLock { $0 = account }
    }

    /// Sets `process` to run as this account, with its home.
    func apply(to process: inout ChildProcess) {
        process.runAs = ChildProcess.Account(uid: uid, gid: gid)
        process.environment?["HOME"] = home
        process.environment?["USER"] = name
        process.environment?["LOGNAME"] = name
    }

    /// Makes `path` and everything under it this account's (a checkout for its steps).
    public func own(_ path: String) throws(StepAccountError) {
        guard chown(path, uid, gid) == 0 else { throw .cannotHandOver(path, String(cString: strerror(errno))) }
        guard let walker = FileManager.default.enumerator(atPath: path) else { return }
        while let relative = walker.nextObject() as? String {
            let full = path + "/" + relative
            guard lchown(full, uid, gid) == 0 else { throw .cannotHandOver(full, String(cString: strerror(errno))) }
        }
    }
}

/// Why steps cannot run as the account `PIPELINE_STEP_USER` names.
public enum StepAccountError: Error, PipelineError, Equatable {
    case empty
    case needsRoot(String)
    case unknownUser(String)
    case isRoot(String)
    case cannotHandOver(String, String)

    public var isUserError: Bool { true }

    public var description: String {
        switch self {
        case .empty: "PIPELINE_STEP_USER is empty: name the user steps run as, or unset it"
        case .needsRoot(let name): "PIPELINE_STEP_USER=\(name): only a runner running as root can run its steps as another user; unset it, or run the runner as root"
        case .unknownUser(let name): "PIPELINE_STEP_USER=\(name): no such user on this machine; create it (useradd \(name)) or name another"
        case .isRoot(let name): "PIPELINE_STEP_USER=\(name) is root: name an unprivileged user"
        case .cannotHandOver(let path, let reason): "cannot give \(path) to the step user: \(reason)"
        }
    }
}
