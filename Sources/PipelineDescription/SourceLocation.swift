/// Where in the pipeline file a stage, step or environment was declared.
///
/// Captured automatically from `#filePath` and `#line`, so the runner's messages can point at
/// the line to fix.
public struct SourceLocation: Sendable, Equatable {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    init(_ file: StaticString, _ line: UInt) {
        self.file = "\(file)"
        self.line = Int(line)
    }
}
