import Foundation
import JSONSchema
import PipelineBasics
import TestTiers
import Testing

@testable import InfraDefinitions

@Suite(.fast) struct ExamplesTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static let examples = ["tenants", "products", "campaigns"]

    func load(_ name: String) throws -> (URL, Data) {
        let url = Self.repository.appendingPathComponent("examples/schemas/dynamodb/\(name).json")
        return (url, try Data(contentsOf: url))
    }

    @Test(arguments: examples)
    func examplePassesClean(name: String) throws {
        let (url, data) = try load(name)
        let problems = TableDefinitionChecker.check(fileAt: url.path, bytes: data)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test func examplesMatchTheSeed() throws {
        var files: [(path: String, bytes: [UInt8])] = []
        var gsiCounts: [String: Int] = [:]
        for name in Self.examples {
            let (url, data) = try load(name)
            files.append((url.path, Array(data)))
            let definition = try TableDefinitionChecker.load(fileAt: url.path, bytes: data)
            gsiCounts[definition.tableName] = definition.globalSecondaryIndexes.count
            #expect(definition.billingMode == .payPerRequest)
            #expect(definition.pointInTimeRecovery)
            #expect(definition.entities.allSatisfy { $0.attributes?.contains("active") == true }, "every entity has an active flag")
            let prod = definition.settings(for: "prod")
            #expect(prod.deletionProtection)
            #expect(prod.replicas == ["eu-west-1"])
            // Environment-wide tags (Environment, BackupPolicy) come from the pipeline file's Environment(tags:).
            #expect(prod.tags["Environment"] == nil)
            #expect(prod.tags["Component"] == "dynamodb")
            #expect(prod.tags["Project"] == "bbws-customer-portal-public")
            #expect(!definition.settings(for: "dev").deletionProtection)
        }
        #expect(gsiCounts == ["tenants": 3, "products": 2, "campaigns": 3])
        #expect(TableDefinitionChecker.check(files: files).isEmpty)
    }

    @Test func tenantsStoresOrdersAndPaymentsWithKeyPatterns() throws {
        let (url, data) = try load("tenants")
        let definition = try TableDefinitionChecker.load(fileAt: url.path, bytes: data)
        let patterns = definition.entities.map { "\($0.partitionKeyPattern)|\($0.sortKeyPattern ?? "")" }
        #expect(patterns.contains("TENANT#{tenantId}|ORDER#{orderId}"))
        #expect(patterns.contains("ORDER#{orderId}|PAYMENT#{paymentId}"))
    }
}
