/// One finding about a user's file: how serious it is, what is wrong, where, and which rule
/// found it. Every checker of the runner reports these (the pipeline validator, the JSON Schema
/// validator through ``Diagnostic/init(severity:message:file:line:column:rule:)``, the table
/// definition and template checkers, the validation steps), so severities, rule ids and the
/// printed form are the same everywhere.
///
/// `formatted` is `file:line:column: severity: message [rule]`, the form compilers print and CI
/// annotators read; parts that are unknown are left out (`file:line: error: message`).
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// How serious a diagnostic is. Errors fail validation; warnings and notes inform (a note
    /// explains, e.g. a global index change that needs its own UpdateTable call).
    public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
        case error
        case warning
        case note
    }

    /// Where a diagnostic points: a file and, when known, a 1-based line and column (columns
    /// count Unicode scalars) and, in a JSON file, the JSON pointer of the value (`""` for the
    /// whole document).
    public struct Location: Sendable, Hashable, Codable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var column: Int?
        public var pointer: String?

        public init(file: String, line: Int? = nil, column: Int? = nil, pointer: String? = nil) {
            self.file = file
            self.line = line
            self.column = column
            self.pointer = pointer
        }

        public init(file: String, position: SourcePosition, pointer: String? = nil) {
            self.init(file: file, line: position.line, column: position.column, pointer: pointer)
        }

        /// `file`, `file:line` or `file:line:column`.
        public var description: String {
            guard let line else { return file }
            guard let column else { return "\(file):\(line)" }
            return "\(file):\(line):\(column)"
        }
    }

    public var severity: Severity
    /// What is wrong and what to do about it.
    public var message: String
    public var location: Location?
    /// The rule that found it, when the checker has named rules.
    public var rule: Rule?

    public init(severity: Severity = .error, message: String, location: Location? = nil, rule: Rule? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.rule = rule
    }

    public init(severity: Severity = .error, message: String, file: String, line: Int?, column: Int? = nil, rule: Rule? = nil,
                pointer: String? = nil) {
        self.init(severity: severity, message: message, location: Location(file: file, line: line, column: column, pointer: pointer), rule: rule)
    }

    public init(severity: Severity = .error, message: String, file: String, position: SourcePosition, rule: Rule? = nil,
                pointer: String? = nil) {
        self.init(severity: severity, message: message, location: Location(file: file, position: position, pointer: pointer), rule: rule)
    }

    /// The file, when the diagnostic has a location.
    public var file: String? { location?.file }
    /// The 1-based line, when known.
    public var line: Int? { location?.line }
    /// The 1-based column (Unicode scalars), when known.
    public var column: Int? { location?.column }
    /// The JSON pointer of the value, in a JSON file.
    public var pointer: String? { location?.pointer }

    /// `file:line:column: severity: message [rule]`.
    public var formatted: String {
        let at = location.map { "\($0): " } ?? ""
        let rule = rule.map { " [\($0.rawValue)]" } ?? ""
        return "\(at)\(severity.rawValue): \(message)\(rule)"
    }

    public var description: String { formatted }

    /// File, line, column, then rule id: the order reports list diagnostics in.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        (lhs.file ?? "", lhs.line ?? 0, lhs.column ?? 0, lhs.rule?.rawValue ?? "")
            < (rhs.file ?? "", rhs.line ?? 0, rhs.column ?? 0, rhs.rule?.rawValue ?? "")
    }
}
