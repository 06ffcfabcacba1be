import AWS
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import InfraDefinitions
import PipelineModel
import PipelineTesting
import TableProvisioning
import TestTiers
import Testing

/// Waiting for busy tables, and errors that say which table, which action and what to do.
@Suite(.integration) struct TableWaitingAndErrorTests {
    @Test func aTableInUpdatingIsWaitedForThenConverged() async throws {
        let server = try await LocalAWSServer.shared()
        let definition = try Fixtures.uniqueDefinition("products")
        var desired = TableState.desired(definition: definition, environment: "dev")
        try await Fixtures.applier(Fixtures.client()).apply(desired: [desired])
        let proxy = try StatusRewritingProxy(upstream: server.endpoint, table: definition.tableName, busyDescribes: 3)
        defer { proxy.stop() }
        let dynamo = DynamoDBClient(configuration: Fixtures.configuration(proxy.endpoint, Fixtures.testing))

        let busy = try await Fixtures.reader(dynamo).read(definition.tableName)
        #expect(busy?.pending == ["table UPDATING"])
        #expect(busy?.isSettled == false)

        desired.tags["Reviewed"] = "yes"
        let log = LogLines()
        let outcomes = try await Fixtures.applier(dynamo, log: log).apply(desired: [desired])
        #expect(outcomes.map(\.kind) == [.updated])
        #expect(log.contains("\(definition.tableName): table UPDATING; waiting for it to settle…"))
        #expect(proxy.rewrittenCount == 3)
        #expect(try await Fixtures.plan(dynamo, [desired]).changes.map(\.action) == [.noChange])
    }

    @Test func aTableThatStaysUpdatingTimesOutWithAClearError() async throws {
        let server = try await LocalAWSServer.shared()
        let definition = try Fixtures.uniqueDefinition("products")
        try await Fixtures.applier(Fixtures.client()).apply(desired: [TableState.desired(definition: definition, environment: "dev")])
        let proxy = try StatusRewritingProxy(upstream: server.endpoint, table: definition.tableName, busyDescribes: .max)
        defer { proxy.stop() }
        let dynamo = DynamoDBClient(configuration: Fixtures.configuration(proxy.endpoint, Fixtures.testing))
        var options = Fixtures.options
        options.waitTimeout = 0.5
        options.pollInterval = 0.1
        let started = Date()
        let error = await #expect(throws: TableProvisioningError.self) {
            try await Fixtures.applier(dynamo, options: options).apply(desired: [TableState.desired(definition: definition, environment: "dev")])
        }
        #expect(Date().timeIntervalSince(started) < 10)
        let text = error?.description ?? ""
        #expect(text.contains(definition.tableName))
        #expect(text.contains("table UPDATING"))
        #expect(text.contains("a re-run finishes what was left"))
        guard case .timedOut = error else { Issue.record("expected timedOut, got \(String(describing: error))"); return }
    }

    @Test func accessDeniedOnOneCallNamesTheTableAndTheAction() async throws {
        let server = try await LocalAWSServer.start()
        defer { server.stop() }
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},"#
            + #"{"Effect":"Deny","Action":"dynamodb:UpdateTimeToLive","Resource":"*"}]}"#
        let user = try await server.createUser(name: "deploy-no-ttl", policy: policy)
        try await Self.enableAuthentication(server)
        let dynamo = DynamoDBClient(configuration: Fixtures.configuration(
            server.endpoint, StaticCredentialProvider(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey)))
        let definition = try Fixtures.uniqueDefinition("tenants")
        let desired = TableState.desired(definition: definition, environment: "dev")

        let error = await #expect(throws: TableProvisioningError.self) { try await Fixtures.applier(dynamo).apply(desired: [desired]) }
        let text = error?.description ?? ""
        #expect(text.contains("\(definition.tableName): UpdateTimeToLive failed: AccessDenied (HTTP 403)"), "\(text)")
        #expect(text.contains("dynamodb:UpdateTimeToLive"))
        #expect(text.contains("a re-run finishes what was left"))
        #expect(!text.contains(user.secretAccessKey))
        guard case .service(let table, let action, let code, _, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(table == definition.tableName && action == "UpdateTimeToLive" && code == .accessDenied)
        // Everything before the denied call was done and is not done again.
        let plan = try await Fixtures.plan(dynamo, [desired])
        #expect(plan.change(for: definition.tableName)?.attributes.map(\.path) == ["timeToLive"])
    }

    /// Makes moto check signatures and IAM policies from now on (as the launcher's auth mode does).
    static func enableAuthentication(_ server: LocalAWSServer) async throws {
        var request = URLRequest(url: server.endpoint.appendingPathComponent("moto-api/reset-auth"))
        request.httpMethod = "POST"
        request.setValue("text/plain", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("0".utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }
}
