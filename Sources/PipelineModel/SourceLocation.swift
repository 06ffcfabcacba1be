/// A place in a pipeline file: the file as the compiler saw it and a 1-based line.
public struct SourceLocation: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}
