import Foundation
import RepositoryHistory

/// Where step modules read their inputs (schemas, templates, …) from. Registered by the runner
/// as a step service; steps never read the working tree behind its back.
///
/// Rules for implementers: paths are repository-relative with `/`; `files(matching:)` returns
/// regular files only, sorted; `contents(of:at:)` returns nil when the file did not exist there.
public protocol InputFiles: Sendable {
    /// Where the files come from, for messages: `commit 1a2b3c4` or `the working tree`.
    var origin: String { get }
    /// The commit the inputs are read at, if any.
    var commit: String? { get }
    func files(matching pattern: String) throws -> [String]
    func contents(of path: String) throws -> Data
    /// The file as it was at another revision (the previous commit, a deployed commit).
    func contents(of path: String, at revision: String) throws -> Data?
    /// The files matching `pattern` at another revision (empty when there is no history).
    func files(matching pattern: String, at revision: String) throws -> [String]
}

/// Inputs read from a commit through libgit2: edits made after the run started, or never
/// committed, cannot leak into a deployment.
public struct CommittedInputs: InputFiles {
    public let root: URL
    public let commitID: CommitID

    public init(root: URL, commit: CommitID) {
        self.root = root
        self.commitID = commit
    }

    public var origin: String { "commit \(commitID.abbreviated(12))" }
    public var commit: String? { commitID.hex }

    public func files(matching pattern: String) throws -> [String] {
        try Repository(discoveringFrom: root.path).files(at: commitID, matching: PathPattern(pattern))
            .filter { $0.kind == .file || $0.kind == .executable }.map(\.path).sorted()
    }

    public func contents(of path: String) throws -> Data {
        try Repository(discoveringFrom: root.path).contents(of: path, at: commitID)
    }

    public func files(matching pattern: String, at revision: String) throws -> [String] {
        try Repository(discoveringFrom: root.path).files(at: revision, matching: PathPattern(pattern))
            .filter { $0.kind == .file || $0.kind == .executable }.map(\.path).sorted()
    }

    public func contents(of path: String, at revision: String) throws -> Data? {
        let repository = try Repository(discoveringFrom: root.path)
        let commit = try repository.resolve(revision)
        guard try repository.fileExists(path, at: commit) else { return nil }
        return try repository.contents(of: path, at: commit)
    }
}

/// Inputs read from the working tree, for a folder that is not a git repository.
public struct WorkingTreeInputs: InputFiles {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public var origin: String { "the working tree (not a git repository)" }
    public var commit: String? { nil }

    public func files(matching pattern: String) throws -> [String] {
        let matcher = PathPattern(pattern)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var found: [String] = []
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in enumerator {
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            if path.hasPrefix(".pipeline") || path.hasPrefix(".build") || path.hasPrefix(".git") {
                enumerator.skipDescendants()
                continue
            }
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true, matcher.matches(path) {
                found.append(path)
            }
        }
        return found.sorted()
    }

    public func contents(of path: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent(path))
    }

    public func contents(of path: String, at revision: String) throws -> Data? { nil }

    public func files(matching pattern: String, at revision: String) throws -> [String] { [] }
}
