import Foundation
import InfraDefinitions
import PipelineEngine
import PipelineModel

/// The built-in `validate-table-definitions` step: checks every DynamoDB table definition
/// matching `pattern` against the published schema (`schemas/table-definition.schema.json`) and
/// the rules DynamoDB enforces that a schema cannot (key attribute types, unused attributes,
/// index limits, names, projections, unique names across files), then compares each file with
/// the previous commit's version and flags changes DynamoDB cannot make in place. Reads the
/// files at the run's commit. Errors fail the step; warnings and notes are reported only.
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
        var files: [(path: String, bytes: [UInt8])] = []
        for path in paths { files.append((path, Array(try inputs.contents(of: path)))) }
        var problems = TableDefinitionChecker.check(files: files)
        if let commit = inputs.commit {
            for file in files {
                // The previous commit's version; none for a new file or the first commit.
                guard let previous = try? inputs.contents(of: file.path, at: "\(commit)~1") else { continue }
                problems += TableDefinitionChecker.compare(fileAt: file.path, previous: previous, current: file.bytes)
            }
        }
        problems.sort { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
        var diagnostics = problems.map {
            Diagnostic(file: $0.file, line: $0.line, column: $0.column, rule: $0.rule.rawValue,
                       severity: $0.severity == .error ? .error : .warning, message: $0.message)
        }
        let declared = context.environments.map(\.name)
        for file in files { diagnostics += Self.unknownEnvironments(in: file, declared: declared) }
        diagnostics.sort { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
        for diagnostic in diagnostics { context.report(diagnostic) }
        let errors = diagnostics.filter { $0.severity == .error }
        let summary = "\(files.count) table definition\(files.count == 1 ? "" : "s") at \(inputs.origin): "
            + "\(errors.count) error\(errors.count == 1 ? "" : "s"), \(diagnostics.count - errors.count) note\(diagnostics.count - errors.count == 1 ? "" : "s")"
        context.summarize(summary)
        if !errors.isEmpty {
            throw ValidationStepError.problems(summary: summary, files: Set(errors.map(\.file)).count)
        }
    }
}
