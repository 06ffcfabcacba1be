#if !FUZZING  // the fuzz targets compile PipelineBasics' sources into their own module
import PipelineBasics
#endif

extension Diagnostic {
    /// An error found in a pipeline definition, at the line that declared the part it is about
    /// (`pipelines/deploy.swift:18: error: …`); without a location when none is known.
    public init(_ message: String, at location: SourceLocation?, rule: Rule? = nil) {
        self.init(severity: .error, message: message, location: location.map(Location.init), rule: rule)
    }
}

extension Diagnostic.Location {
    /// The file and line of a declaration in a pipeline file.
    public init(_ location: SourceLocation) {
        self.init(file: location.file, line: location.line)
    }
}
