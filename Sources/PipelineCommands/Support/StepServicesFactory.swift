import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel

/// The services every run (and `plan`) offers its steps: where inputs are read from, and the
/// environments' AWS clients.
enum StepServicesFactory {
    /// - Parameter leases: the driver's leases; every AWS call that changes something first
    ///   checks that they are still held (a driver paused past its lease writes nothing more).
    static func make(workspace: Workspace, repository: GitRepositoryState?, runID: String, hub: EventHub,
                     secrets: [String], leases: LeaseKeeper? = nil) -> StepServices {
        var services = StepServices()
        services.register(SecretReference.Resolver(declared: secrets, environment: ProcessInfo.processInfo.environment))
        let inputs: any InputFiles = repository?.inputs ?? WorkingTreeInputs(root: workspace.root)
        services.register(inputs, as: (any InputFiles).self)
        let masker = hub.masker
        var writeGuard: (@Sendable () throws -> Void)?
        if let leases {
            writeGuard = { @Sendable () throws in try leases.checkHeld() }
        }
        services.register(AWSAccess(runID: runID, writeGuard: writeGuard, onSecret: { masker.register($0) }))
        return services
    }
}
