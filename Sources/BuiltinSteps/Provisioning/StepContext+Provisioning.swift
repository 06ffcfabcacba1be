import PipelineEngine
import PipelineModel

extension StepContext {
    /// The environment the step acts on; provisioning steps run only in a deploy stage.
    func requireEnvironment() throws -> EnvironmentDefinition {
        guard let environment else {
            throw StepConfigurationError(step: step.name, field: "environment",
                                         message: "step '\(step.kind)' acts on an environment: put it in a Deploy(env) stage")
        }
        return environment
    }

    /// The run's AWS access (the runner registers it for every run).
    func requireAWS() throws -> AWSAccess {
        guard let aws else {
            throw StepConfigurationError(step: step.name, field: "environment", message: "this runner offers no AWS access here")
        }
        return aws
    }
}
