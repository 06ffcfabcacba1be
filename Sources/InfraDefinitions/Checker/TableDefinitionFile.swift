import Foundation
import JSONSchema
import PipelineBasics

/// One table definition file read once: its parsed document and decoded model (when they
/// exist) and the problems found in it alone. ``TableDefinitionChecker/check(_:)`` adds what
/// only a set of files shows, ``TableDefinitionChecker/compare(previous:current:)`` what
/// changed against the previous version; both take files read here, so no file is parsed twice.
public struct TableDefinitionFile: Sendable {
    /// The path as the caller named it (used in the diagnostics only).
    public let path: String
    /// The parsed JSON with the position of every value; nil when the file is not JSON.
    public let document: JSONDocument?
    /// The decoded model; nil when the file is not JSON or does not decode.
    public let definition: TableDefinition?
    /// The problems of this file alone: syntax, schema, then DynamoDB's rules.
    public let diagnostics: [Diagnostic]

    /// Parses, validates and checks `bytes`.
    public init(path: String, bytes: some Sequence<UInt8>) {
        let bytes = Array(bytes)
        self.path = path
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes: bytes)
        } catch {
            self.document = nil
            self.definition = nil
            self.diagnostics = [Diagnostic(message: error.message, file: path, position: error.position, rule: .jsonSyntax, pointer: "")]
            return
        }
        var problems: [Diagnostic] = []
        for violation in TableDefinitionSchema.validator.validate(document).issues {
            var diagnostic = violation.diagnostic(file: path)
            diagnostic.rule = .schema
            problems.append(diagnostic)
        }
        let definition = try? JSONDecoder().decode(TableDefinition.self, from: Data(bytes))
        if let definition {
            var rules = DynamoDBRules(path: path, document: document, definition: definition)
            problems += rules.run()
        }
        self.document = document
        self.definition = definition
        self.diagnostics = problems
    }

    /// The environments the file overrides (the keys of `environments`), with the position of
    /// each override; empty when the file is not JSON or has none.
    public var environmentOverrides: [(name: String, position: SourcePosition)] {
        guard let document, case .object(let environments)? = document.root["environments"] else { return [] }
        return environments.map { member in
            (member.key, document.position(ofPointer: "/environments/\(JSONPointer.escape(member.key))") ?? .start)
        }
    }
}
