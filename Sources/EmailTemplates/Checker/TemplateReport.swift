/// The result of checking a set of templates against a manifest.
public struct TemplateReport: Sendable, CustomStringConvertible {
    /// Template files checked (files on disk or supplied by the caller).
    public let templatesChecked: Int
    /// Entries in the manifest (0 when the manifest itself could not be read).
    public let manifestEntries: Int
    /// Every problem found, sorted by file, line and column.
    public let problems: [TemplateProblem]

    public init(templatesChecked: Int, manifestEntries: Int, problems: [TemplateProblem]) {
        self.templatesChecked = templatesChecked
        self.manifestEntries = manifestEntries
        self.problems = problems.sorted()
    }

    public var problemCount: Int { problems.count }
    public var isClean: Bool { problems.isEmpty }

    /// The problems in one file.
    public func problems(in file: String) -> [TemplateProblem] {
        problems.filter { $0.file == file }
    }

    /// How many problems each rule produced.
    public var countsByRule: [TemplateRule: Int] {
        problems.reduce(into: [:]) { $0[$1.rule, default: 0] += 1 }
    }

    /// One line per problem, then a summary line.
    public var description: String {
        let summary = "\(templatesChecked) template(s) checked against \(manifestEntries) manifest entr\(manifestEntries == 1 ? "y" : "ies"): "
            + (isClean ? "no problems" : "\(problemCount) problem(s) in \(Set(problems.map(\.file)).count) file(s)")
        return (problems.map(\.description) + [summary]).joined(separator: "\n")
    }
}
