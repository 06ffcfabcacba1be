import PipelineEngine
import PipelineModel

/// The load-time checks of one step: its module is built from its parameters (which checks
/// them), so `pipeline validate` and every load report a wrong parameter with the step's line.
public enum StepChecks {
    /// The problems of `step` (declared in `stage`), empty when none.
    public static func problems(of step: StepDefinition, in stage: StageDefinition, registry: StepRegistry) -> [String] {
        var problems: [String] = []
        do {
            _ = try registry.make(step)
        } catch let error as StepConfigurationError {
            problems.append(error.description)
        } catch let error as EngineError {
            problems.append(error.description)
        } catch {
            problems.append("step '\(step.name)': \(error)")
        }
        return problems
    }
}
