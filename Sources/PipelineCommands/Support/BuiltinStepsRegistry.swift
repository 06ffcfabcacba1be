import BuiltinSteps
import PipelineEngine

/// The registry every command uses, so `validate`, `run` and `steps` agree on what exists.
enum BuiltinStepsRegistry {
    static func make() -> StepRegistry { BuiltinSteps.registry() }
}
