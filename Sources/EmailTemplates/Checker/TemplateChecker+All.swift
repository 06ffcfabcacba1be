import PipelineBasics

/// A template file supplied by the caller: its path (named like the manifest's path) and bytes.
public struct TemplateFile: Sendable {
    public let path: String
    public let bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

extension TemplateChecker {
    /// Checks every `.html` file among `files` (other files are ignored), and reports manifest
    /// entries whose file is not among them.
    public func checkAll(_ files: [TemplateFile]) -> TemplateReport {
        let templates = files.filter { $0.path.lowercased().hasSuffix(".html") }
        var problems: [Diagnostic] = []
        var present = Set<String>()
        for file in templates {
            present.insert(TemplateManifest.normalize(file.path))
            problems += check(templateAt: file.path, bytes: file.bytes)
        }
        for entry in manifest.templates where !present.contains(TemplateManifest.normalize(manifest.resolvedPath(of: entry))) {
            problems.append(Self.problem(
                manifest.path, entry.pathLocation, .missingTemplateFile,
                "the manifest names \(entry.path), but there is no such file: add the template or remove the entry"))
        }
        return TemplateReport(templatesChecked: templates.count, manifestEntries: manifest.templates.count, problems: problems)
    }

    /// Checks a manifest and its templates supplied as bytes (e.g. read at a git commit). When
    /// the manifest itself is invalid its problems are the report (templates cannot be matched
    /// to entries), plus the HTML and Mustache problems of each template.
    public static func checkRepository(manifestPath: String, manifestBytes: [UInt8], files: [TemplateFile],
                                       maximumBytes: Int = defaultMaximumBytes) -> TemplateReport {
        do {
            let manifest = try TemplateManifest.parse(bytes: manifestBytes, path: manifestPath)
            return TemplateChecker(manifest: manifest, maximumBytes: maximumBytes).checkAll(files)
        } catch {
            var problems = error.problems
            let templates = files.filter { $0.path.lowercased().hasSuffix(".html") }
            for file in templates {
                problems += checkWithoutManifest(path: file.path, bytes: file.bytes, maximumBytes: maximumBytes)
            }
            return TemplateReport(templatesChecked: templates.count, manifestEntries: 0, problems: problems)
        }
    }

    /// The checks that need no manifest (size, encoding, Mustache syntax, HTML, content).
    static func checkWithoutManifest(path: String, bytes: [UInt8], maximumBytes: Int) -> [Diagnostic] {
        let placeholder = TemplateManifest(path: "", version: 1, brand: nil, templates: [])
        return TemplateChecker(manifest: placeholder, maximumBytes: maximumBytes)
            .check(templateAt: path, bytes: bytes)
            .filter { $0.rule != .missingManifestEntry }
    }
}
