/// The outcome of validating one instance: every issue found (empty when valid).
public struct ValidationResult: Sendable {
    /// All issues, in evaluation order.
    public var issues: [ValidationIssue]
    /// True if there are no issues.
    public var isValid: Bool { issues.isEmpty }

    public init(issues: [ValidationIssue]) {
        self.issues = issues
    }
}
