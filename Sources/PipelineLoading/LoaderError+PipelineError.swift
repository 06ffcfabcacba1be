import PipelineBasics

/// Loader messages already start like a compiler's (`file:line: error: …`).
extension LoaderError: PipelineError {
    public var reportPrefix: String { "" }
}
