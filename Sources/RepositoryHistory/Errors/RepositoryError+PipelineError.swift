import PipelineBasics

extension RepositoryError: PipelineError {}
