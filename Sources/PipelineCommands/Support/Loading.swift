import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineLoading
import PipelineModel

/// Loads pipeline files with the runner's runtime and known step modules.
enum Loading {
    static func load(_ path: String) async throws -> LoadedPipeline {
        let registry = BuiltinSteps.registry()
        let root = Workspace.discover(stateDirectory: nil).root
        let validator = PipelineValidator(
            knownStepKinds: registry.kinds, checkEnvironment: StepChecks.problems(of:),
            checkStep: { step, stage in StepChecks.problems(of: step, in: stage, registry: registry, workspace: root) },
            checkApprovers: { ApproverChecks.problems(of: $0, repositoryRoot: root) })
        let loader = PipelineLoader(runtime: try DescriptionRuntime.locate(), validator: validator)
        let loaded = try await loader.load(path)
        SecretRegistration.register(loaded.definition.secrets)
        return loaded
    }

    /// The pipeline a run recorded when it started.
    static func definition(of run: RunRecord) throws -> PipelineDefinition {
        do {
            let definition = try PipelineDocument.decode(run.document).pipeline
            SecretRegistration.register(definition.secrets)
            return definition
        } catch {
            throw WorkspaceError.unreadableDocument(run: run.id, reason: "\(error)")
        }
    }
}
