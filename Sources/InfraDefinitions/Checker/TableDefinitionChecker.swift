import Foundation
import JSONSchema
import PipelineBasics

/// Checks DynamoDB table definition files: schema first, then the DynamoDB rules JSON Schema
/// cannot express. Every function returns ALL problems found, each a ``Diagnostic`` with file,
/// line, column, JSON pointer and rule (`table.<name>`); an empty result means the file is clean.
///
/// ```swift
/// let problems = TableDefinitionChecker.check(fileAt: "schemas/dynamodb/tenants.json", bytes: data)
/// problems.forEach { print($0) }   // schemas/dynamodb/tenants.json:12:7: error: … [table.unused-attribute]
/// ```
public enum TableDefinitionChecker {
    /// Checks one file's bytes. `path` is used in the problems only.
    public static func check(fileAt path: String, bytes: some Sequence<UInt8>) -> [Diagnostic] {
        TableDefinitionFile(path: path, bytes: bytes).diagnostics
    }

    /// Reads and checks one file.
    public static func check(fileAt url: URL) -> [Diagnostic] {
        do {
            return check(fileAt: url.path, bytes: try Data(contentsOf: url))
        } catch {
            return [Diagnostic(message: "cannot read the file (\(error.localizedDescription)): check the path and permissions",
                               file: url.path, line: 1, column: 1, rule: .unreadableFile, pointer: "")]
        }
    }

    /// Checks a set of files (e.g. every `schemas/dynamodb/*.json`): each file's problems,
    /// plus table names used by more than one file.
    public static func check(files: [(path: String, bytes: [UInt8])]) -> [Diagnostic] {
        check(files.map { TableDefinitionFile(path: $0.path, bytes: $0.bytes) })
    }

    /// The problems of files already read: each file's own, plus table names used by more than one file.
    public static func check(_ files: [TableDefinitionFile]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var firstByName: [String: String] = [:]
        for file in files {
            problems += file.diagnostics
            guard let document = file.document, let name = document.root["tableName"]?.stringValue else { continue }
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
        let file = TableDefinitionFile(path: path, bytes: bytes)
        let errors = file.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let definition = file.definition else { throw .invalid(path: path, problems: errors) }
        return definition
    }

    static func problem(_ path: String, _ document: JSONDocument, _ pointer: String, _ rule: Diagnostic.Rule, _ message: String,
                        severity: Diagnostic.Severity = .error) -> Diagnostic {
        // Point at the nearest existing value (a removed member points at its parent).
        var tokens = JSONPointer(pointer)?.tokens ?? []
        var position = document.position(of: JSONPointer(tokens: tokens))
        while position == nil, !tokens.isEmpty {
            tokens.removeLast()
            position = document.position(of: JSONPointer(tokens: tokens))
        }
        return Diagnostic(severity: severity, message: message, file: path, position: position ?? .start, rule: rule, pointer: pointer)
    }
}

/// Why ``TableDefinitionChecker/load(fileAt:bytes:)`` refused a file.
public enum TableDefinitionError: Error, Sendable, CustomStringConvertible {
    case invalid(path: String, problems: [Diagnostic])

    public var description: String {
        switch self {
        case .invalid(let path, let problems):
            return "\(path) is not a valid table definition (\(problems.count) problem(s)):\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
