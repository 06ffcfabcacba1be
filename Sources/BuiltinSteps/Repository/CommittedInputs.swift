import Foundation
import RepositoryHistory

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
