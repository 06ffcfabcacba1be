import Foundation
import JSONSchema

/// Checks DynamoDB table definition files: schema first, then the DynamoDB rules JSON Schema
/// cannot express. Every function returns ALL problems found, each with file, line, column
/// and rule; an empty result means the file is clean.
///
/// ```swift
/// let problems = TableDefinitionChecker.check(fileAt: "schemas/dynamodb/tenants.json", bytes: data)
/// problems.forEach { print($0) }   // schemas/dynamodb/tenants.json:12:7: error: … [unused-attribute]
/// ```
public enum TableDefinitionChecker {
    /// The outcome of reading one file: its parsed document and model, when they exist.
    struct Checked {
        var document: JSONDocument?
        var definition: TableDefinition?
        var problems: [Problem]
    }

    /// Checks one file's bytes. `path` is used in the problems only.
    public static func check(fileAt path: String, bytes: some Sequence<UInt8>) -> [Problem] {
        analyse(path, Array(bytes)).problems
    }

    /// Reads and checks one file.
    public static func check(fileAt url: URL) -> [Problem] {
        do {
            return check(fileAt: url.path, bytes: try Data(contentsOf: url))
        } catch {
            return [Problem(file: url.path, line: 1, column: 1, rule: .unreadableFile,
                            message: "cannot read the file (\(error.localizedDescription)): check the path and permissions", pointer: "")]
        }
    }

    /// Checks a set of files (e.g. every `schemas/dynamodb/*.json`): each file's problems,
    /// plus table names used by more than one file.
    public static func check(files: [(path: String, bytes: [UInt8])]) -> [Problem] {
        var problems: [Problem] = []
        var firstByName: [String: String] = [:]
        for file in files {
            let checked = analyse(file.path, file.bytes)
            problems += checked.problems
            guard let document = checked.document, let name = document.root["tableName"]?.stringValue else { continue }
            if let first = firstByName[name] {
                problems.append(problem(file.path, document, "/tableName", .duplicateName,
                                        "table name \"\(name)\" is already used by \(first): table names must be unique, rename one of them"))
            } else {
                firstByName[name] = file.path
            }
        }
        return problems
    }

    /// Decodes a valid definition; throws ``TableDefinitionError`` listing every problem otherwise.
    public static func load(fileAt path: String, bytes: some Sequence<UInt8>) throws(TableDefinitionError) -> TableDefinition {
        let checked = analyse(path, Array(bytes))
        let errors = checked.problems.filter { $0.severity == .error }
        guard errors.isEmpty, let definition = checked.definition else { throw .invalid(path: path, problems: errors) }
        return definition
    }

    static func analyse(_ path: String, _ bytes: [UInt8]) -> Checked {
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes: bytes)
        } catch {
            let p = error.position
            return Checked(problems: [Problem(file: path, line: p.line, column: p.column, rule: .jsonSyntax,
                                              message: error.message, pointer: "")])
        }
        var problems: [Problem] = []
        for issue in TableDefinitionSchema.validator.validate(document).issues {
            let where_ = issue.instanceLocation.isEmpty ? "" : "\(issue.instanceLocation): "
            let position = issue.position ?? SourcePosition(line: 1, column: 1, offset: 0)
            problems.append(Problem(file: path, line: position.line, column: position.column, rule: .schema,
                                    message: where_ + issue.message, pointer: issue.instanceLocation))
        }
        let definition = try? JSONDecoder().decode(TableDefinition.self, from: Data(bytes))
        if let definition {
            var rules = DynamoDBRules(path: path, document: document, definition: definition)
            problems += rules.run()
        }
        return Checked(document: document, definition: definition, problems: problems)
    }

    static func problem(_ path: String, _ document: JSONDocument, _ pointer: String, _ rule: Rule, _ message: String,
                        severity: Problem.Severity = .error) -> Problem {
        // Point at the nearest existing value (a removed member points at its parent).
        var tokens = JSONPointer(pointer)?.tokens ?? []
        var position = document.position(of: JSONPointer(tokens: tokens))
        while position == nil, !tokens.isEmpty {
            tokens.removeLast()
            position = document.position(of: JSONPointer(tokens: tokens))
        }
        let p = position ?? SourcePosition(line: 1, column: 1, offset: 0)
        return Problem(file: path, line: p.line, column: p.column, rule: rule, severity: severity, message: message, pointer: pointer)
    }
}

/// Why ``TableDefinitionChecker/load(fileAt:bytes:)`` refused a file.
public enum TableDefinitionError: Error, Sendable, CustomStringConvertible {
    case invalid(path: String, problems: [Problem])

    public var description: String {
        switch self {
        case .invalid(let path, let problems):
            return "\(path) is not a valid table definition (\(problems.count) problem(s)):\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
