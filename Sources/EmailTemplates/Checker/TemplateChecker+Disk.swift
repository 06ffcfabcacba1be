import Foundation
import PipelineBasics

/// Reading templates from a folder on disk (the runner itself supplies bytes read at a commit).
extension TemplateChecker {
    /// Checks every `.html` file under `root`, the folder that holds the manifest. Files are
    /// named like the manifest's path: `root`-relative if the manifest's path is relative.
    public func checkAll(root: URL) -> TemplateReport {
        let base = manifest.baseDirectory
        let (files, problems) = Self.readTemplates(under: root, naming: { base.isEmpty ? $0 : base + "/" + $0 })
        let report = checkAll(files)
        return TemplateReport(templatesChecked: report.templatesChecked, manifestEntries: report.manifestEntries,
                              problems: report.problems + problems)
    }

    /// Loads `root/manifestName` and checks every `.html` file under `root`; files are named
    /// relative to `root` (e.g. `manifest.json`, `receipts/payment_received.html`).
    public static func checkDirectory(_ root: URL, manifestName: String = "manifest.json",
                                      maximumBytes: Int = defaultMaximumBytes) -> TemplateReport {
        let manifestURL = root.appendingPathComponent(manifestName)
        guard let manifestData = FileManager.default.contents(atPath: manifestURL.path) else {
            let (files, readProblems) = readTemplates(under: root, naming: { $0 })
            var problems = ManifestError.unreadable(path: manifestName, reason: "no file at \(manifestURL.path)").problems + readProblems
            for file in files { problems += checkWithoutManifest(path: file.path, bytes: file.bytes, maximumBytes: maximumBytes) }
            return TemplateReport(templatesChecked: files.count, manifestEntries: 0, problems: problems)
        }
        let (files, readProblems) = readTemplates(under: root, naming: { $0 })
        let report = checkRepository(manifestPath: manifestName, manifestBytes: Array(manifestData), files: files, maximumBytes: maximumBytes)
        return TemplateReport(templatesChecked: report.templatesChecked, manifestEntries: report.manifestEntries,
                              problems: report.problems + readProblems)
    }

    /// The `.html` files under `root` (hidden files and folders skipped), sorted by path.
    static func readTemplates(under root: URL, naming name: (String) -> String) -> ([TemplateFile], [Diagnostic]) {
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        guard let enumerator = FileManager.default.enumerator(
            at: URL(fileURLWithPath: rootPath), includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else {
            return ([], [])
        }
        var files: [TemplateFile] = []
        var problems: [Diagnostic] = []
        for case let url as URL in enumerator where url.pathExtension.lowercased() == "html" {
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(rootPath + "/") else { continue }
            let relative = name(String(path.dropFirst(rootPath.count + 1)))
            guard let data = FileManager.default.contents(atPath: path) else {
                problems.append(problem(relative, .start, .encoding, "cannot read the file: check its permissions"))
                continue
            }
            files.append(TemplateFile(path: relative, bytes: Array(data)))
        }
        return (files.sorted { $0.path < $1.path }, problems)
    }
}
