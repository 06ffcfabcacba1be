/// A problem found in a table definition file, with where it is and what to do.
public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// How serious a problem is. Errors fail validation; notes inform (e.g. a GSI change that
    /// needs its own UpdateTable call).
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
        case note
    }

    public var file: String
    /// 1-based line of the offending value.
    public var line: Int
    /// 1-based column (Unicode scalars) of the offending value.
    public var column: Int
    public var rule: Rule
    public var severity: Severity
    /// What is wrong and how to fix it.
    public var message: String
    /// JSON pointer of the offending value in the file (`""` for the whole file).
    public var pointer: String

    public init(file: String, line: Int, column: Int, rule: Rule, severity: Severity = .error, message: String, pointer: String) {
        self.file = file
        self.line = line
        self.column = column
        self.rule = rule
        self.severity = severity
        self.message = message
        self.pointer = pointer
    }

    /// `file:line:column: severity: message [rule]`, the format editors and CI annotate.
    public var description: String {
        "\(file):\(line):\(column): \(severity.rawValue): \(message) [\(rule.rawValue)]"
    }
}
