import Foundation

/// A fresh directory under the system's temporary folder, removed when released.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String = "pipeline-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true).resolvingSymlinksInPath()
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `text` to the relative `path`, creating folders; returns its URL.
    @discardableResult
    public func write(_ path: String, _ text: String, executable: Bool = false) throws -> URL {
        try write(path, Data(text.utf8), executable: executable)
    }

    @discardableResult
    public func write(_ path: String, _ data: Data, executable: Bool = false) throws -> URL {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path) }
        return file
    }

    public func read(_ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }
}
