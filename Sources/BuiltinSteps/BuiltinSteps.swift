import PipelineEngine

/// The step modules this runner ships.
public enum BuiltinSteps {
    /// Every built-in module, for a ``StepRegistry``.
    public static let all: [any StepModule.Type] = [
        ShellStep.self, ExternalStep.self, ValidateTemplatesStep.self, ValidateTableDefinitionsStep.self, PlanStep.self,
        ProvisionTablesStep.self, ProvisionTemplateBucketStep.self, PublishTemplatesStep.self, SmokeTestStep.self,
    ]

    /// A registry with every built-in module.
    public static func registry() -> StepRegistry {
        StepRegistry(all)
    }
}
