/// An error the runner reports to its user: every module's error type conforms, and the
/// commands layer maps it to an exit code in one place (`PipelineCommand.start`).
///
/// Rules for conforming types: `description` is one or a few lines that say what failed (the
/// file and line, the stage, the resource, the AWS action) and what to do, and never contains a
/// secret; `isUserError` is true when the user can fix it (bad input: exit 64) and false for a
/// bug or damaged state (exit 70).
public protocol PipelineError: Error, CustomStringConvertible, Sendable {
    var isUserError: Bool { get }
    /// The prefix the report starts with (`error: ` by default; empty for messages that already
    /// start like a compiler diagnostic, `file:line: error: …`).
    var reportPrefix: String { get }
}

extension PipelineError {
    public var reportPrefix: String { "error: " }
}
