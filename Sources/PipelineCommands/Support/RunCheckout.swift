import Foundation
import RepositoryHistory

/// The checkout a run's steps work in: the files of the run's commit under
/// `.pipeline/worktrees/<commit>`, written through libgit2 once and reused by every run and
/// resume of that commit, never the working tree (so a later commit or an uncommitted edit is
/// not what runs). The state folder gets a `.gitignore` of `*`, so neither the checkouts nor
/// the run records are ever committed by a `git add -A`.
enum RunCheckout {
    static func prepare(repositoryRoot root: URL, commit: String, in directory: URL) throws -> URL {
        let target = directory.appendingPathComponent(commit)
        let files = FileManager.default
        if files.fileExists(atPath: target.path) { return target }
        do {
            try files.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw RunCheckoutError.cannotCreate(directory.path, reason: error.localizedDescription)
        }
        let ignore = directory.deletingLastPathComponent().appendingPathComponent(".gitignore")
        if !files.fileExists(atPath: ignore.path) {
            try? Data("# run state and checkouts of run commits: never committed\n*\n".utf8).write(to: ignore)
        }
        // Written aside, then renamed into place: a checkout under its commit's name is whole.
        let partial = directory.appendingPathComponent(".partial-\(commit)-\(getpid())")
        try? files.removeItem(at: partial)
        defer { try? files.removeItem(at: partial) }
        do {
            try files.createDirectory(at: partial, withIntermediateDirectories: false)
        } catch {
            throw RunCheckoutError.cannotCreate(partial.path, reason: error.localizedDescription)
        }
        let repository = try Repository(discoveringFrom: root.path)
        try repository.export(repository.resolve(commit), to: partial.path)
        if rename(partial.path, target.path) != 0 && !files.fileExists(atPath: target.path) {
            throw RunCheckoutError.cannotCreate(target.path, reason: String(cString: strerror(errno)))
        }
        return target
    }
}
