/// A problem found in a pipeline definition, with where it was declared and what to do.
public struct ValidationIssue: Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation?
    public var message: String

    public init(_ message: String, at location: SourceLocation?) {
        self.location = location
        self.message = message
    }

    public var description: String {
        if let location { "\(location): error: \(message)" } else { "error: \(message)" }
    }
}
