import Foundation
import InfraDefinitions
import PipelineModel
import TableProvisioning
import TestTiers
import Testing

/// Desired states from definitions: tag precedence, normalisation, JSON.
@Suite(.fast) struct TableStateDesiredTests {
    @Test func tagsOverlayEnvironmentThenDefinitionThenOverride() throws {
        let definition = try Fixtures.definition("tenants")
        let state = TableState.desired(definition: definition, environment: "prod",
                                       environmentTags: Fixtures.environmentTags("prod").merging(["Region": "af-south-1"]) { $1 })
        #expect(state.tags["Component"] == "dynamodb")       // definition over environment
        #expect(state.tags["BackupPolicy"] == "hourly")      // override over definition
        #expect(state.tags["Environment"] == "prod")
        #expect(state.tags["Region"] == "af-south-1")        // environment only
        #expect(state.tags.count == 8)
        #expect(state.deletionProtection)
        #expect(state.replicas == ["eu-west-1"])
        #expect(state.timeToLive == "expiresAt")
        #expect(state.stream == TableState.Stream(viewType: "NEW_AND_OLD_IMAGES"))
        #expect(state.serverSideEncryption == nil)
        #expect(state.globalSecondaryIndexes.map(\.name) == ["EmailIndex", "OrderStatusIndex", "PaymentStatusIndex"])
        #expect(state.attributeDefinitions.map(\.name) == ["PK", "SK", "createdAt", "email", "orderStatus", "paymentStatus"])
        let email = try #require(state.globalIndex("EmailIndex"))
        #expect(email.projection.nonKeyAttributes == ["active", "tenantId", "tenantName"])
        #expect(TableState.desired(definition: definition, environment: "dev").deletionProtection == false)
    }

    @Test func provisionedIndexesInheritTheTableThroughputAndJSONIsStable() throws {
        var definition = try Fixtures.definition("products")
        definition.billingMode = .provisioned
        definition.provisionedThroughput = ProvisionedThroughput(readCapacityUnits: 5, writeCapacityUnits: 2)
        definition.globalSecondaryIndexes[0].provisionedThroughput = ProvisionedThroughput(readCapacityUnits: 3, writeCapacityUnits: 1)
        let state = TableState.desired(definition: definition, environment: "sit")
        #expect(state.provisionedThroughput == TableState.Throughput(read: 5, write: 2))
        #expect(state.globalIndex("CategoryPriceIndex")?.throughput == TableState.Throughput(read: 3, write: 1))
        #expect(state.globalIndex("SkuIndex")?.throughput == TableState.Throughput(read: 5, write: 2))
        #expect(state.jsonValue == TableState.desired(definition: definition, environment: "sit").jsonValue)
        let decoded = try JSONDecoder().decode(TableState.self, from: JSONEncoder().encode(state))
        #expect(decoded == state)
        guard case .object(let object) = state.jsonValue else { Issue.record("not an object"); return }
        #expect(object["tableName"] == .string("products"))
        #expect(object["timeToLive"] == nil)
    }
}
