/// The outcome of validating one instance: every issue found (empty when valid).
public struct ValidationResult: Sendable {
    /// All issues, in evaluation order.
    public var issues: [SchemaViolation]
    /// True if there are no issues.
    public var isValid: Bool { issues.isEmpty }

    public init(issues: [SchemaViolation]) {
        self.issues = issues
    }
}
