import PipelineEngine

extension StepContext {
    /// The run's input files (at its commit), or the working tree when no service is registered.
    var inputFiles: any InputFiles {
        services.resolve((any InputFiles).self) ?? WorkingTreeInputs(root: workspace)
    }
}
