import Foundation
import PipelineBasics
import TestTiers
import Testing

@testable import InfraDefinitions

@Suite(.fast) struct TableDefinitionCompareTests {
    static let previous = Array(CorpusFile.base.utf8)

    func compare(_ current: CorpusFile, previous: [UInt8] = previous) -> [Diagnostic] {
        TableDefinitionChecker.compare(fileAt: current.name, previous: previous, current: current.bytes)
    }

    @Test(arguments: [
        (Diagnostic.Rule.keySchemaChange, Diagnostic.Severity.error, CorpusFile(name: "sort-key.json", marked: CorpusFile.edit([
            (#""keySchema": { "partitionKey": "PK", "sortKey": "SK" }"#, #""keySchema": { "partitionKey": "PK", "sortKey": »"status" }"#)]))),
        (Diagnostic.Rule.keySchemaChange, Diagnostic.Severity.error, CorpusFile(name: "key-type.json", marked: CorpusFile.edit([
            (#"{ "name": "PK", "type": "S" }"#, #"{ "name": "PK", "type": "N" }"#),
            (#""keySchema": { "partitionKey": "PK""#, #""keySchema": { "partitionKey": »"PK""#)]))),
        (Diagnostic.Rule.tableRename, Diagnostic.Severity.error, CorpusFile(name: "rename.json", marked: CorpusFile.edit([
            (#""tableName": "orders""#, #""tableName": »"orders-v2""#)]))),
        (Diagnostic.Rule.lsiChange, Diagnostic.Severity.error, CorpusFile(name: "lsi-added.json", marked: CorpusFile.edit([
            (#""billingMode""#, "\"localSecondaryIndexes\": [\n" + CorpusFile.lsi("ByStatus", marked: true) + "\n  ],\n  \"billingMode\"")]))),
        (Diagnostic.Rule.gsiChange, Diagnostic.Severity.note, CorpusFile(name: "gsi-added.json", marked: CorpusFile.edit([
            (CorpusFile.gsiLine, CorpusFile.gsiLine + ",\n" + CorpusFile.gsi("SecondIndex", marked: true))]))),
        (Diagnostic.Rule.gsiChange, Diagnostic.Severity.note, CorpusFile(name: "gsi-projection.json", marked: CorpusFile.edit([
            (CorpusFile.gsiLine, CorpusFile.gsiLine.replacingOccurrences(of: "{ \"indexName\"", with: "»{ \"indexName\"").replacingOccurrences(of: "\"ALL\"", with: "\"KEYS_ONLY\""))]))),
    ])
    func changeIsFlaggedAtItsPosition(rule: Diagnostic.Rule, severity: Diagnostic.Severity, file: CorpusFile) {
        // The new version is itself a clean definition: only the history makes it a problem.
        #expect(TableDefinitionChecker.check(fileAt: file.name, bytes: file.bytes).isEmpty)
        let problems = compare(file)
        #expect(problems.count == 1, "\(file.name): \(problems.map(\.description))")
        #expect(problems.first?.rule == rule)
        #expect(problems.first?.severity == severity)
        #expect(problems.first?.file == file.name)
        #expect(problems.first?.line == file.line && problems.first?.column == file.column, "\(file.name): \(problems.map(\.description))")
    }

    @Test func removedLocalIndexAndManyGlobalChanges() {
        let withLSI = CorpusFile(name: "v1.json", marked: CorpusFile.edit([
            (#""billingMode""#, "\"localSecondaryIndexes\": [\n" + CorpusFile.lsi("ByStatus") + "\n  ],\n  \"billingMode\"")]))
        let current = CorpusFile(name: "v2.json", marked: CorpusFile.edit([
            (CorpusFile.gsiLine, CorpusFile.gsi("A") + ",\n" + CorpusFile.gsi("B"))]))
        let problems = compare(current, previous: withLSI.bytes)
        #expect(problems.filter { $0.rule == .lsiChange }.count == 1)
        // StatusIndex removed, A and B created: three UpdateTable calls, plus the summary.
        let notes = problems.filter { $0.rule == .gsiChange }
        #expect(notes.count == 4)
        #expect(notes.allSatisfy { $0.severity == .note })
        #expect(notes.contains { $0.message.contains("3 global index operations") })
    }

    @Test func unchangedOrInvalidPreviousGivesNothing() {
        let same = CorpusFile(name: "same.json", marked: CorpusFile.base)
        #expect(compare(same).isEmpty)
        #expect(compare(same, previous: Array("not json".utf8)).isEmpty)
    }
}
