import Foundation

/// The template manifest: one JSON file naming every email template with its purpose, trigger,
/// sender, subject, variables and sample values. Its JSON Schema is
/// `schemas/template-manifest.schema.json`; `parse` checks the same structure in Swift and
/// reports every issue with a line and column.
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

    /// Parses and checks manifest bytes. `path` is how problems name the file.
    public static func parse<Bytes: Collection>(bytes: Bytes, path: String) throws(ManifestError) -> TemplateManifest
    where Bytes.Element == UInt8 {
        let text = SourceText(bytes: bytes)
        if let invalid = text.invalidSequences.first {
            throw .syntax(path: path, location: text.location(ofByte: invalid.byteOffset),
                          message: "the file is not valid UTF-8 (byte \(invalid.byteOffset)); save it as UTF-8")
        }
        var parser = JSONNodeParser(text: text)
        let root: JSONNode
        do {
            root = try parser.parseDocument()
        } catch {
            throw .syntax(path: path, location: text.location(of: error.offset), message: error.message)
        }
        var decoder = ManifestDecoder(text: text)
        for duplicate in parser.duplicateKeys {
            decoder.issue(at: duplicate.offset, "", "key \"\(duplicate.key)\" appears twice in one object: keep one")
        }
        let decoded = decoder.decodeManifest(root)
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
