/// One problem found by the checker: where it is, which rule, and what to fix.
public struct TemplateProblem: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The file as the caller named it (a template or the manifest).
    public let file: String
    public let location: SourcePosition
    public let rule: TemplateRule
    /// What is wrong and what to do about it.
    public let message: String

    public init(file: String, location: SourcePosition, rule: TemplateRule, message: String) {
        self.file = file
        self.location = location
        self.rule = rule
        self.message = message
    }

    public var line: Int { location.line }
    public var column: Int { location.column }

    /// `file:line:column: error: message [rule]`, the format compilers and CI annotators read.
    public var description: String {
        "\(file):\(location.line):\(location.column): error: \(message) [\(rule.rawValue)]"
    }

    public static func < (lhs: TemplateProblem, rhs: TemplateProblem) -> Bool {
        (lhs.file, lhs.location.line, lhs.location.column, lhs.rule.rawValue)
            < (rhs.file, rhs.location.line, rhs.location.column, rhs.rule.rawValue)
    }
}
