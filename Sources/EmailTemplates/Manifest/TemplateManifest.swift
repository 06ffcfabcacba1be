import Foundation
import JSONSchema
import PipelineBasics

/// The template manifest: one JSON file naming every email template with its purpose, trigger,
/// sender, subject, variables and sample values. Its JSON Schema is
/// `schemas/template-manifest.schema.json`; `parse` reads it with JSONSchema's JSON parser,
/// checks the same structure in Swift and reports every issue with a line and column.
public struct TemplateManifest: Sendable {
    /// The manifest's own path as the caller named it (used in problems).
    public let path: String
    public let version: Int
    public let brand: String?
    public let templates: [TemplateManifestEntry]

    /// The folder template paths are relative to: the manifest's folder ("" for the current one).
    public var baseDirectory: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The caller's path for an entry: `baseDirectory` joined with the entry's path.
    public func resolvedPath(of entry: TemplateManifestEntry) -> String {
        baseDirectory.isEmpty ? entry.path : baseDirectory + "/" + entry.path
    }

    /// The entry for a template at `path`, given the way the caller names files (relative to the
    /// same place as the manifest's own path).
    public func entry(forTemplateAt path: String) -> TemplateManifestEntry? {
        let normalized = Self.normalize(path)
        return templates.first { Self.normalize(resolvedPath(of: $0)) == normalized }
    }

    /// How deep arrays and objects may nest in a manifest.
    static let maximumDepth = 256

    /// Parses and checks manifest bytes. `path` is how problems name the file.
    public static func parse<Bytes: Collection>(bytes: Bytes, path: String) throws(ManifestError) -> TemplateManifest
    where Bytes.Element == UInt8 {
        let array = Array(bytes)
        let text = SourceText(bytes: array)
        if let invalid = text.invalidSequences.first {
            throw .syntax(path: path, location: text.location(ofByte: invalid.offset),
                          message: "the file is not valid UTF-8 (byte \(invalid.offset)); save it as UTF-8")
        }
        // Duplicate keys are collected, not fatal: each is one structural issue among the others.
        let document: JSONDocument
        do {
            document = try JSONParser(maxDepth: maximumDepth, duplicateKeys: .collect).parse(array)
        } catch {
            // An unterminated string is reported where it opens, the rest where the parser stopped.
            let at = if case .unterminatedString(let openedAt, _) = error { openedAt } else { error.position }
            throw .syntax(path: path, location: text.location(ofByte: at.offset ?? 0), message: error.message)
        }
        var decoder = ManifestDecoder(document: document, text: text)
        for duplicate in document.duplicateKeys {
            decoder.issue(at: duplicate.position.offset ?? 0, JSONPointer(), "key \"\(duplicate.key)\" appears twice in one object: keep one")
        }
        let decoded = decoder.decodeManifest()
        guard decoder.issues.isEmpty, let decoded else {
            throw .invalid(path: path, issues: decoder.issues.sorted { $0.location < $1.location })
        }
        return TemplateManifest(path: path, version: decoded.version, brand: decoded.brand, templates: decoded.templates)
    }

    /// Reads and parses a manifest file from disk; problems name it by `url.path`.
    public static func load(from url: URL) throws(ManifestError) -> TemplateManifest {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try parse(bytes: data, path: url.path)
    }

    /// Removes `./` segments and duplicate slashes so paths compare as the same file.
    static func normalize(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true)
            .filter { $0 != "." }
            .joined(separator: "/")
    }
}
