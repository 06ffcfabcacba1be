import PipelineBasics

/// The result of checking a set of templates against a manifest.
public struct TemplateReport: Sendable, CustomStringConvertible {
    /// Template files checked (files on disk or supplied by the caller).
    public let templatesChecked: Int
    /// Entries in the manifest (0 when the manifest itself could not be read).
    public let manifestEntries: Int
    /// Every problem found (all errors, each with a template rule), sorted by file, line,
    /// column and rule.
    public let problems: [Diagnostic]

    public init(templatesChecked: Int, manifestEntries: Int, problems: [Diagnostic]) {
        self.templatesChecked = templatesChecked
        self.manifestEntries = manifestEntries
        self.problems = problems.sorted()
    }

    public var problemCount: Int { problems.count }
    public var isClean: Bool { problems.isEmpty }

    /// The problems in one file.
    public func problems(in file: String) -> [Diagnostic] {
        problems.filter { $0.file == file }
    }

    /// How many problems each rule produced.
    public var countsByRule: [Diagnostic.Rule: Int] {
        problems.reduce(into: [:]) { counts, problem in
            if let rule = problem.rule { counts[rule, default: 0] += 1 }
        }
    }

    /// One line per problem (`file:line:column: error: message [rule]`), then a summary line.
    public var description: String {
        let summary = "\(templatesChecked) template(s) checked against \(manifestEntries) manifest entr\(manifestEntries == 1 ? "y" : "ies"): "
            + (isClean ? "no problems" : "\(problemCount) problem(s) in \(Set(problems.compactMap(\.file)).count) file(s)")
        return (problems.map(\.formatted) + [summary]).joined(separator: "\n")
    }
}
