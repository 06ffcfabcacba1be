import Foundation
import InfraDefinitions
import PipelineBasics
import PipelineEngine
import PipelineModel

/// The built-in `validate-table-definitions` step: checks every DynamoDB table definition
/// matching `pattern` against the published schema (`schemas/table-definition.schema.json`) and
/// the rules DynamoDB enforces that a schema cannot (key attribute types, unused attributes,
/// index limits, names, projections, unique names across files), then compares each file with
/// the previous commit's version and flags changes DynamoDB cannot make in place. Reads the
/// files at the run's commit, each parsed once. Errors fail the step; warnings and notes are
/// reported as they are (a note stays a note) and counted together as notes in the summary.
public struct ValidateTableDefinitionsStep: StepModule {
    public static let kind = "validate-table-definitions"
    public static let summary = "checks DynamoDB table definition files against the schema and DynamoDB's rules (pattern)"

    let pattern: String

    public init(step: StepDefinition) throws {
        guard let pattern = step.string("pattern"), !pattern.isEmpty else {
            throw StepConfigurationError(step: step.name, field: "pattern", message: "give the files to check, e.g. \"schemas/dynamodb/*.json\"")
        }
        self.pattern = pattern
    }

    public func plan(in context: StepContext) async throws -> StepPlan {
        StepPlan(changes: [PlannedChange(action: .noChange, resource: pattern, detail: "validation only")])
    }

    public func apply(in context: StepContext) async throws {
        let inputs = context.inputFiles
        let paths = try inputs.files(matching: pattern)
        guard !paths.isEmpty else { throw ValidationStepError.noFiles(pattern: pattern, origin: inputs.origin) }
        // Each file (and its previous version) is read and parsed once.
        var files: [TableDefinitionFile] = []
        for path in paths { files.append(TableDefinitionFile(path: path, bytes: try inputs.contents(of: path))) }
        var diagnostics = TableDefinitionChecker.check(files)
        if let commit = inputs.commit {
            for file in files {
                // The previous commit's version; none for a new file or the first commit.
                guard let previous = try? inputs.contents(of: file.path, at: "\(commit)~1") else { continue }
                diagnostics += TableDefinitionChecker.compare(previous: TableDefinitionFile(path: file.path, bytes: previous), current: file)
            }
        }
        let declared = context.environments.map(\.name)
        for file in files { diagnostics += Self.unknownEnvironments(in: file, declared: declared) }
        diagnostics.sort()
        for diagnostic in diagnostics { context.report(diagnostic) }
        let errors = diagnostics.filter { $0.severity == .error }
        let notes = diagnostics.count - errors.count
        let summary = "\(files.count) table definition\(files.count == 1 ? "" : "s") at \(inputs.origin): "
            + "\(errors.count) error\(errors.count == 1 ? "" : "s"), \(notes) note\(notes == 1 ? "" : "s")"
        context.summarize(summary)
        if !errors.isEmpty {
            throw ValidationStepError.problems(summary: summary, files: Set(errors.compactMap(\.file)).count)
        }
    }
}
