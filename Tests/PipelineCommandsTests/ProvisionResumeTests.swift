import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// A provisioning apply killed with SIGKILL between two index creations, then resumed (not
/// started again): the run finishes with exactly the definition's indexes.
@Suite(.serialized, .integration) struct ProvisionResumeTests {
    @Test func aProvisioningRunKilledMidApplyIsResumed() async throws {
        let server = try await LocalAWSServer.shared()
        let proxy = try FaultInjectingProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let suite = ProvisionTablesEndToEndTests()
        let setup = try await suite.setUp(endpoint: proxy.endpoint)
        let deployed = try await setup.cli.pipeline(["run", "pipelines/deploy.swift", "--stage", "dev", "--force"])
        #expect(deployed.status == 0, "\(deployed)")
        let products = try #require(try ProvisionTablesEndToEndTests.exampleTables()["schemas/dynamodb/products.json"] ?? nil)
        _ = try setup.repository.commit("two new indexes", files: ["schemas/dynamodb/products.json": try ProvisionTablesEndToEndTests.changedProducts(products)])

        proxy.setRules([FaultRule(operations: ["DynamoDB.UpdateTable"], faults: [.stall], ordinals: [3])])
        proxy.resetCounts()
        var cli = setup.cli
        cli.environment["PIPELINE_LEASE_SECONDS"] = "3"
        let started = try cli.start(["run", "pipelines/deploy.swift", "--stage", "dev", "--force"])
        let stalled = await proxy.waitForStall(timeout: 120)
        #expect(stalled != nil, "the third UpdateTable was reached")
        let runs = try await cli.pipeline(["runs", "--limit", "1"])
        let id = String(try #require(runs.stdout.split(separator: "\n").dropFirst().first).prefix(20))
        started.signal(SIGKILL)
        _ = try? await started.finish(timeout: 30)
        proxy.releaseAll(forward: false)
        proxy.setRules([])

        let resumed = try await cli.pipeline(["resume", id])
        #expect(resumed.status == 0, "\(resumed)")
        let dynamo = try setup.dynamo("dev")
        let indexes = try await dynamo.describeTable("products").globalSecondaryIndexes?.map(\.indexName) ?? []
        #expect(indexes.sorted() == ["BrandIndex", "CategoryPriceIndex", "UpdatedIndex"], "exactly the definition's indexes, nothing doubled")
    }
}
