import Foundation
import JSONSchema
import PipelineModel
import Synchronization

/// The load-time check of a `Custom` step: its module is found and answers the handshake, and
/// the step's `with:` parameters satisfy the JSON Schema the module describes, so a typo is
/// reported by `pipeline validate` with the step's file and line, before anything runs.
enum ExternalStepCheck {
    /// The problems of the external `step` in `stage`, its modules looked up from `workspace`.
    static func problems(of step: StepDefinition, in stage: StageDefinition, workspace: URL) -> [String] {
        let external: ExternalStep
        do { external = try ExternalStep(step: step) } catch { return ["\(error)"] }
        let answer: StepModuleHandshake.Answer
        do {
            let location = try StepModuleLocator(workspace: workspace).locate(external.module, executable: external.executable)
            answer = try StepModuleHandshake.shared.describe(location, workingDirectory: workspace)
        } catch {
            return ["step '\(step.name)': \(error)"]
        }
        guard case .module(let description) = answer else { return [] }
        var problems: [String] = []
        if description.requiresEnvironment == true && (step.environment ?? stage.environment) == nil {
            problems.append("step '\(step.name)' (module '\(external.module)') acts on an environment: put it in a Deploy(env) stage")
        }
        guard let schema = description.parameters else { return problems }
        do {
            let validator = try validators.validator(for: schema)
            let instance = try JSONDocument(bytes: JSONEncoder().encode(external.parameters)).root
            for issue in validator.validate(instance).issues.prefix(10) {
                let field = issue.instanceLocation.isEmpty ? "" : ", parameter '\(JSONPointer(issue.instanceLocation)?.tokens.joined(separator: ".") ?? issue.instanceLocation)'"
                problems.append("step '\(step.name)'\(field): \(issue.message) (module '\(external.module)' \(description.version ?? "") describes its parameters; `pipeline steps describe \(external.module)` lists them)")
            }
        } catch {
            problems.append("step module '\(external.module)' describes its parameters with a schema this runner cannot read: \(error)")
        }
        return problems
    }

    /// Compiled parameter schemas, by their JSON.
    static let validators = CompiledSchemas()

    final class CompiledSchemas: Sendable {
        private let compiled = Mutex<[Data: Validator]>([:])

        func validator(for schema: PipelineModel.JSONValue) throws -> Validator {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let data = try encoder.encode(schema)
            if let known = compiled.withLock({ $0[data] }) { return known }
            let validator = try Validator(schema: JSONDocument(bytes: data).root)
            compiled.withLock { $0[data] = validator }
            return validator
        }
    }
}
