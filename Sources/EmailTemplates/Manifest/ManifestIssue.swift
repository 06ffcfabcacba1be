import PipelineBasics

/// One structural problem in a manifest: where, which field (as a JSON Pointer), and what to fix.
public struct ManifestIssue: Sendable, Hashable, CustomStringConvertible {
    public let location: SourcePosition
    /// JSON Pointer of the offending field, e.g. `/templates/3/variables/0/type`.
    public let pointer: String
    public let message: String

    public init(location: SourcePosition, pointer: String, message: String) {
        self.location = location
        self.pointer = pointer
        self.message = message
    }

    public var description: String { "\(location): \(pointer): \(message)" }
}
