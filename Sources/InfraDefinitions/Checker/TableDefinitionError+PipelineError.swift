import PipelineBasics

/// An invalid table definition is bad input (exit 64): the message names the file, and each
/// problem its line, column, field (JSON pointer) and rule.
extension TableDefinitionError: PipelineError {
    public var isUserError: Bool { true }
}
