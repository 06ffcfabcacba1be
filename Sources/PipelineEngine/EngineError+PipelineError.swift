import PipelineBasics

extension EngineError: PipelineError {}
