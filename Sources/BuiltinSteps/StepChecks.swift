import AWS
import Foundation
import PipelineEngine
import PipelineModel

/// The load-time checks of one step: its module is built from its parameters (which checks
/// them), so `pipeline validate` and every load report a wrong parameter with the step's line.
public enum StepChecks {
    /// The problems of `step` (declared in `stage`), empty when none.
    /// An external step's module is looked up from `workspace` (the repository root) and its
    /// parameters checked against the schema it describes.
    public static func problems(of step: StepDefinition, in stage: StageDefinition, registry: StepRegistry,
                                workspace: URL? = nil) -> [String] {
        if step.kind == ExternalStep.kind, let workspace, registry.kinds.contains(ExternalStep.kind) {
            return ExternalStepCheck.problems(of: step, in: stage, workspace: workspace)
        }
        var problems: [String] = []
        do {
            let module = try registry.make(step)
            if module.requiresEnvironment && (step.environment ?? stage.environment) == nil {
                problems.append("step '\(step.name)' acts on an environment: put it in a Deploy(env) stage")
            }
        } catch let error as StepConfigurationError {
            problems.append(error.description)
        } catch let error as EngineError {
            problems.append(error.description)
        } catch {
            problems.append("step '\(step.name)': \(error)")
        }
        return problems
    }

    /// The problems of an environment beyond its shape: its region (and its disaster-recovery
    /// regions) must be AWS regions.
    @Sendable public static func problems(of environment: EnvironmentDefinition) -> [String] {
        let regions = [environment.region] + (environment.disasterRecovery?.replicaRegions ?? [])
        return regions.filter { !AWSRegion.isKnown($0) }.map { region in
            let suggestion = AWSRegion.suggestion(for: region).map { "; did you mean '\($0)'?" } ?? "; see the AWS regions list"
            return "environment '\(environment.name)': region '\(region)' is not an AWS region\(suggestion)"
        }
    }
}
