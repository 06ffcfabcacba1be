import Foundation
import PipelineBasics
import Testing

@testable import JSONSchema

/// Locates the shared official test data (never copied into the repository).
enum TestData {
    /// `<repo>/../shared/testdata`, found from this file's real location.
    static var root: URL {
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let repo = file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repo.deletingLastPathComponent().appendingPathComponent("shared/testdata")
    }

    /// The JSON-Schema-Test-Suite directory; records a failure when it is missing.
    static func suite() throws -> URL {
        let url = root.appendingPathComponent("json-schema-test-suite")
        var isDirectory: ObjCBool = false
        try #require(FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue,
                     "JSON-Schema-Test-Suite not found at \(url.path): the shared test data must be present beside the repository")
        return url
    }

    static func files(under directory: URL, recursive: Bool) -> [URL] {
        let fm = FileManager.default
        if recursive {
            let enumerator = fm.enumerator(at: directory, includingPropertiesForKeys: nil)
            return (enumerator?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        }
        return ((try? fm.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }

    /// A registry holding the suite's `remotes/` under `http://localhost:1234/`.
    static func remotesRegistry(_ suite: URL) throws -> SchemaRegistry {
        var registry = SchemaRegistry()
        let remotes = suite.appendingPathComponent("remotes")
        let base = remotes.resolvingSymlinksInPath().path
        for file in files(under: remotes, recursive: true) {
            let path = file.resolvingSymlinksInPath().path
            let relative = String(path.dropFirst(base.count + 1))
            let document = try JSONDocument(bytes: try Data(contentsOf: file))
            registry.register(document.root, uri: "http://localhost:1234/" + relative)
        }
        return registry
    }
}
