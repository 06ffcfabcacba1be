import EmailTemplates
import Foundation
import PipelineBasics
import PipelineEngine
import PipelineModel

/// The built-in `validate-templates` step: checks every HTML email template under `root`
/// against the manifest (structure, Mustache, placeholders, content rules, size, UTF-8) and
/// renders each with its sample data. Reads the files at the run's commit. Every problem is
/// reported with file, line, column and rule; any problem fails the step.
public struct ValidateTemplatesStep: StepModule {
    public static let kind = "validate-templates"
    public static let summary = "checks HTML email templates against their manifest and renders them (root, manifest)"

    let root: String
    let manifest: String

    public init(step: StepDefinition) throws {
        guard let root = step.string("root"), !root.isEmpty else {
            throw StepConfigurationError(step: step.name, field: "root", message: "give the templates folder, e.g. \"templates/\"")
        }
        guard let manifest = step.string("manifest"), !manifest.isEmpty else {
            throw StepConfigurationError(step: step.name, field: "manifest", message: "give the manifest file, e.g. \"templates/manifest.json\"")
        }
        self.root = root
        self.manifest = manifest
    }

    public func plan(in context: StepContext) async throws -> StepPlan {
        StepPlan(changes: [PlannedChange(action: .noChange, resource: root, detail: "validation only")])
    }

    public func apply(in context: StepContext) async throws {
        let inputs = context.inputFiles
        let folder = root.hasSuffix("/") ? String(root.dropLast()) : root
        let paths = try inputs.files(matching: "\(folder)/**")
        guard let manifestBytes = try? inputs.contents(of: manifest) else {
            throw ValidationStepError.missingInput(path: manifest, origin: inputs.origin)
        }
        var files: [TemplateFile] = []
        for path in paths where path.lowercased().hasSuffix(".html") {
            files.append(TemplateFile(path: path, bytes: Array(try inputs.contents(of: path))))
        }
        let report = TemplateChecker.checkRepository(manifestPath: manifest, manifestBytes: Array(manifestBytes), files: files)
        for problem in report.problems { context.report(problem) }
        let summary = "\(report.templatesChecked) template\(report.templatesChecked == 1 ? "" : "s") and \(report.manifestEntries) manifest entries at \(inputs.origin): "
            + "\(report.problemCount) problem\(report.problemCount == 1 ? "" : "s")"
        context.summarize(summary)
        if report.problemCount > 0 {
            throw ValidationStepError.problems(summary: summary, files: Set(report.problems.compactMap(\.file)).count)
        }
    }
}
