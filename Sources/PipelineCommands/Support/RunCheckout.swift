import BuiltinSteps
import Foundation
import PipelineBasics
import PipelineEngine
import RepositoryHistory
import Synchronization

/// The checkouts a run's steps work in: for each stage, the files of the run's commit written
/// through libgit2 under `.pipeline/worktrees/<run>/stage-<name>`, fresh the first time the
/// stage asks in this process (a resumed stage gets a new one), never the working tree. So what
/// a later stage runs is the commit, whatever a step of an earlier stage or run wrote in its
/// own checkout. The state folder gets a `.gitignore` of `*`, so neither the checkouts nor the
/// run records are ever committed by a `git add -A`. With a ``StepAccount`` (a root runner,
/// `PIPELINE_STEP_USER`), the checkouts are that account's, in a private folder outside the state
/// folder, which stays closed to it.
final class RunCheckout: StageCheckouts {
    let repositoryRoot: URL
    let commit: String
    /// `.pipeline/worktrees/<run>`; with a step account, a private folder under the temporary
    /// directory that the account can enter (the state folder stays closed to it).
    let directory: URL
    let account: StepAccount?
    private let made = Mutex<[String: URL]>([:])

    init(repositoryRoot: URL, commit: String, run: String, in worktrees: URL, account: StepAccount? = StepAccount.current) throws {
        self.repositoryRoot = repositoryRoot
        self.commit = commit
        self.account = account
        guard account != nil else {
            directory = worktrees.appendingPathComponent(run)
            return
        }
        var template = Array((FileManager.default.temporaryDirectory.path + "/pipeline-\(run)-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw RunCheckoutError.cannotCreate(FileManager.default.temporaryDirectory.path, reason: String(cString: strerror(errno)))
        }
        let path = String(cString: made)
        // Enterable, not listable, by the step account; its stage folders are the account's.
        chmod(path, 0o711)
        directory = URL(fileURLWithPath: path)
    }

    func checkout(for stage: String) throws -> URL {
        if let existing = made.withLock({ $0[stage] }) { return existing }
        let target = try Self.write(commit: commit, repositoryRoot: repositoryRoot, to: directory.appendingPathComponent("stage-\(stage)"),
                                    inStateFolder: account == nil)
        if let account { try account.own(target.path) }
        made.withLock { $0[stage] = target }
        return target
    }

    /// Removes this run's checkouts (they are made again when a stage runs).
    func removeAll() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes the files of `commit` to `target`, replacing whatever is there: written aside,
    /// then renamed into place, so a checkout under its name is whole.
    static func write(commit: String, repositoryRoot root: URL, to target: URL, inStateFolder: Bool) throws -> URL {
        let files = FileManager.default
        let parent = target.deletingLastPathComponent()
        if inStateFolder {
            do throws(PrivateFileError) {
                // Owner only, like the rest of the state folder (0700).
                try PrivateFiles.createDirectory(parent.deletingLastPathComponent().path)
                try PrivateFiles.createDirectory(parent.path)
            } catch {
                throw RunCheckoutError.cannotCreate(parent.path, reason: error.reason)
            }
            let state = parent.deletingLastPathComponent().deletingLastPathComponent()
            let ignore = state.appendingPathComponent(".gitignore")
            if !files.fileExists(atPath: ignore.path) {
                try? PrivateFiles.write(Array("# run state and checkouts of run commits: never committed\n*\n".utf8), to: ignore.path)
            }
        }
        let partial = parent.appendingPathComponent(".partial-\(target.lastPathComponent)-\(getpid())")
        try? files.removeItem(at: partial)
        defer { try? files.removeItem(at: partial) }
        do {
            try files.createDirectory(at: partial, withIntermediateDirectories: false)
        } catch {
            throw RunCheckoutError.cannotCreate(partial.path, reason: error.localizedDescription)
        }
        let repository = try Repository(discoveringFrom: root.path)
        try repository.export(repository.resolve(commit), to: partial.path)
        if files.fileExists(atPath: target.path) {
            do {
                try files.removeItem(at: target)
            } catch {
                throw RunCheckoutError.cannotCreate(target.path, reason: "the previous checkout could not be removed: \(error.localizedDescription)")
            }
        }
        if rename(partial.path, target.path) != 0 {
            throw RunCheckoutError.cannotCreate(target.path, reason: String(cString: strerror(errno)))
        }
        return target
    }
}
