import Foundation
import JSONSchema
import PipelineBasics
import TestTiers
import Testing

@testable import InfraDefinitions

@Suite(.fast) struct TableDefinitionCheckerTests {
    typealias Case = (rule: Diagnostic.Rule, file: CorpusFile)

    /// One defect per file, covering every single-file rule.
    static let corpus: [Case] = [
        (.jsonSyntax, CorpusFile(name: "trailing-garbage.json", marked: CorpusFile.edit([(#""pointInTimeRecovery": true"#, #""pointInTimeRecovery": tru»"#)]))),
        (.jsonSyntax, CorpusFile(name: "invalid-utf8.json", marked: CorpusFile.edit([(#""tableName": "orders""#, #""tableName": "ord»<FF>ers""#)]))),
        (.jsonSyntax, CorpusFile(name: "trailing-comma.json", marked: CorpusFile.edit([("\"pointInTimeRecovery\": true\n}", "\"pointInTimeRecovery\": true,\n»}")]))),
        (.schema, CorpusFile(name: "billing-enum.json", marked: CorpusFile.edit([(#""billingMode": "PAY_PER_REQUEST""#, #""billingMode": »"ON_DEMAND""#)]))),
        (.schema, CorpusFile(name: "unknown-property.json", marked: CorpusFile.edit([(#""pointInTimeRecovery": true"#, #""pointInTimeRecovery": true, "pitr": »true"#)]))),
        (.schema, CorpusFile(name: "provisioned-without-throughput.json", marked: "»" + CorpusFile.edit([(#""PAY_PER_REQUEST""#, #""PROVISIONED""#)]))),
        (.schema, CorpusFile(name: "projection-type.json", marked: CorpusFile.edit([(#"{ "type": "ALL" }"#, #"{ "type": »"EVERYTHING" }"#)]))),
        (.keyAttributeType, CorpusFile(name: "undeclared-key.json", marked: CorpusFile.edit([(#""partitionKey": "status", "sortKey": "SK""#, #""partitionKey": "status", "sortKey": »"createdAt""#)]))),
        (.unusedAttribute, CorpusFile(name: "unused-attribute.json", marked: CorpusFile.edit([(#"    { "name": "status", "type": "S" }"#, #"    { "name": "status", "type": "S" },"# + "\n" + #"    »{ "name": "active", "type": "S" }"#)]))),
        (.gsiLimit, CorpusFile(name: "gsi-limit.json", marked: CorpusFile.edit([(CorpusFile.gsiLine,
            (1...21).map { CorpusFile.gsi(String(format: "Index%02d", $0), marked: $0 == 21) }.joined(separator: ",\n"))]))),
        (.lsiLimit, CorpusFile(name: "lsi-limit.json", marked: CorpusFile.edit([(#""billingMode""#,
            "\"localSecondaryIndexes\": [\n" + (1...6).map { CorpusFile.lsi("Local\($0)", marked: $0 == 6) }.joined(separator: ",\n") + "\n  ],\n  \"billingMode\"")]))),
        (.lsiRequiresSortKey, CorpusFile(name: "lsi-without-sort-key.json", marked: CorpusFile.edit([
            (#""keySchema": { "partitionKey": "PK", "sortKey": "SK" }"#, #""keySchema": { "partitionKey": "PK" }"#),
            (#""billingMode""#, "\"localSecondaryIndexes\": »[\n" + CorpusFile.lsi("ByStatus") + "\n  ],\n  \"billingMode\""),
        ]))),
        (.nameFormat, CorpusFile(name: "name-format.json", marked: CorpusFile.edit([(#""tableName": "orders""#, #""tableName": »"orders/2024""#)]))),
        (.nameFormat, CorpusFile(name: "index-name-format.json", marked: CorpusFile.edit([(#""indexName": "StatusIndex""#, #""indexName": »"Status Index""#)]))),
        (.nameLength, CorpusFile(name: "name-length.json", marked: CorpusFile.edit([(#""tableName": "orders""#, #""tableName": »"or""#)]))),
        (.nameLength, CorpusFile(name: "index-name-length.json", marked: CorpusFile.edit([(#""indexName": "StatusIndex""#, "\"indexName\": »\"\(String(repeating: "x", count: 256))\"")]))),
        (.includeProjectionLimit, CorpusFile(name: "include-key-attribute.json", marked: CorpusFile.edit([(#"{ "type": "ALL" }"#, #"{ "type": "INCLUDE", "nonKeyAttributes": ["total", »"PK"] }"#)]))),
        (.includeProjectionLimit, CorpusFile(name: "include-over-100.json", marked: CorpusFile.edit([(#"{ "type": "ALL" }"#,
            #"{ "type": "INCLUDE", "nonKeyAttributes": »["# + (1...101).map { "\"attr\($0)\"" }.joined(separator: ", ") + "] }")]))),
        (.duplicateName, CorpusFile(name: "duplicate-index.json", marked: CorpusFile.edit([(CorpusFile.gsiLine,
            CorpusFile.gsiLine + ",\n" + #"    { "indexName": »"StatusIndex", "partitionKey": "status", "projection": { "type": "KEYS_ONLY" } }"#)]))),
        (.duplicateName, CorpusFile(name: "duplicate-attribute.json", marked: CorpusFile.edit([(#"    { "name": "status", "type": "S" }"#,
            #"    { "name": "status", "type": "S" },"# + "\n" + #"    { "name": »"status", "type": "N" }"#)]))),
        (.replicaStream, CorpusFile(name: "replica-without-stream.json", marked: CorpusFile.edit([(#""pointInTimeRecovery": true"#,
            #""pointInTimeRecovery": true, "environments": { "prod": { "replicas": »["eu-west-1"] } }"#)]))),
    ]

    func write(_ file: CorpusFile, to directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(file.name)
        try Data(file.bytes).write(to: url)
        return url
    }

    @Test func corpusCoversEverySingleFileRule() {
        let covered = Set(Self.corpus.map(\.rule))
        let crossFileOrHistory: Set<Diagnostic.Rule> = [.keySchemaChange, .tableRename, .lsiChange, .gsiChange, .unreadableFile]
        #expect(Set(TableRule.allCases).subtracting(crossFileOrHistory).subtracting(covered).isEmpty)
    }

    @Test(arguments: corpus.indices)
    func badDefinitionIsReportedAtItsDefect(index: Int) throws {
        let (rule, file) = Self.corpus[index]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("table-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try write(file, to: directory)
        let problems = TableDefinitionChecker.check(fileAt: url)
        #expect(problems.count == 1, "\(file.name): \(problems.map(\.description))")
        let problem = try #require(problems.first, "\(file.name): no problem reported")
        #expect(problem.file == url.path)
        #expect(problem.rule == rule, "\(file.name): \(problem)")
        #expect(problem.line == file.line && problem.column == file.column,
                "\(file.name): reported at \(problem.line):\(problem.column), defect at \(file.line):\(file.column): \(problem)")
        #expect(problem.severity == .error)
        #expect(problem.message.count > 20)
        #expect(problem.description.hasPrefix("\(url.path):\(file.line):\(file.column): error: "))
    }

    @Test func unreadableFileIsReported() {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString).json")
        let problems = TableDefinitionChecker.check(fileAt: url)
        #expect(problems.map(\.rule) == [.unreadableFile])
        #expect(problems.first?.file == url.path)
    }

    @Test func duplicateTableNamesAcrossFiles() {
        let first = CorpusFile(name: "a.json", marked: CorpusFile.base)
        let second = CorpusFile(name: "b.json", marked: CorpusFile.edit([(#""tableName": "orders""#, #""tableName": »"orders""#)]))
        let third = CorpusFile(name: "c.json", marked: CorpusFile.edit([(#""tableName": "orders""#, #""tableName": "payments""#)]))
        let problems = TableDefinitionChecker.check(files: [(first.name, first.bytes), (second.name, second.bytes), (third.name, third.bytes)])
        #expect(problems.count == 1)
        let problem = problems.first
        #expect(problem?.rule == .duplicateName)
        #expect(problem?.file == "b.json")
        #expect(problem?.line == second.line && problem?.column == second.column)
        #expect(problem?.message.contains("a.json") == true)
    }

    @Test func allProblemsOfAFileAreReported() {
        let file = CorpusFile(name: "many.json", marked: CorpusFile.edit([
            (#""tableName": "orders""#, #""tableName": "o!""#),
            (#"    { "name": "status", "type": "S" }"#, #"    { "name": "status", "type": "S" },"# + "\n" + #"    { "name": "unused", "type": "N" }"#),
            (#""sortKey": "SK", "projection""#, #""sortKey": "missing", "projection""#),
        ]))
        let rules = TableDefinitionChecker.check(fileAt: file.name, bytes: file.bytes).map(\.rule)
        #expect(Set(rules) == [.nameLength, .nameFormat, .unusedAttribute, .keyAttributeType])
    }

    @Test func schemaProblemsComeFirstAndListEveryViolation() {
        let file = CorpusFile(name: "schema.json", marked: CorpusFile.edit([
            (#""billingMode": "PAY_PER_REQUEST""#, #""billingMode": "FREE""#),
            (#""pointInTimeRecovery": true"#, #""pointInTimeRecovery": "yes""#),
        ]))
        let problems = TableDefinitionChecker.check(fileAt: file.name, bytes: file.bytes)
        #expect(problems.map(\.rule) == [.schema, .schema])
        #expect(problems.compactMap(\.pointer).sorted() == ["/billingMode", "/pointInTimeRecovery"])
    }

    @Test func loadThrowsWithEveryProblem() throws {
        let good = CorpusFile(name: "good.json", marked: CorpusFile.base)
        let definition = try TableDefinitionChecker.load(fileAt: good.name, bytes: good.bytes)
        #expect(definition.tableName == "orders")
        let bad = CorpusFile(name: "bad.json", marked: CorpusFile.edit([(#""tableName": "orders""#, #""tableName": "o""#)]))
        #expect(throws: TableDefinitionError.self) { try TableDefinitionChecker.load(fileAt: bad.name, bytes: bad.bytes) }
    }
}
