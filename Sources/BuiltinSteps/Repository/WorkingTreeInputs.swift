import Foundation
import RepositoryHistory

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
