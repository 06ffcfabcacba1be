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
            checkStep: { step, stage in StepChecks.problems(of: step, in: stage, registry: registry) },
            checkApprovers: { ApproverChecks.problems(of: $0, repositoryRoot: root) })
        let loader = PipelineLoader(runtime: try DescriptionRuntime.locate(), validator: validator)
        return try await loader.load(path)
    }

    /// The pipeline a run recorded when it started.
    static func definition(of run: RunRecord) throws -> PipelineDefinition {
        do {
            return try PipelineDocument.decode(run.document).pipeline
        } catch {
            throw WorkspaceError.unreadableDocument(run: run.id, reason: "\(error)")
        }
    }
}
