import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel

/// The services every run (and `plan`) offers its steps: where inputs are read from, and the
/// environments' AWS clients.
enum StepServicesFactory {
    static func make(workspace: Workspace, repository: GitRepositoryState?, runID: String, hub: EventHub,
                     secrets: [String]) -> StepServices {
        var services = StepServices()
        services.register(SecretReference.Resolver(declared: secrets, environment: ProcessInfo.processInfo.environment))
        let inputs: any InputFiles = repository?.inputs ?? WorkingTreeInputs(root: workspace.root)
        services.register(inputs, as: (any InputFiles).self)
        let masker = hub.masker
        services.register(AWSAccess(runID: runID, onSecret: { masker.register($0) }))
        return services
    }
}
