import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The transport's `beforeSend` hook runs before every attempt and can refuse a call unsent: how
/// a driver that lost its lease is kept from writing.
@Suite(.fast) struct BeforeSendTests {
    struct Refused: Error {}

    static func client(_ server: LoopbackHTTPServer, refuse: @escaping @Sendable (String) -> Bool) -> DynamoDBClient {
        let transport = AWSTransport(credentials: LocalAWS.testing, retry: RetryPolicy(maxAttempts: 1), pool: AWSHTTPClientPool(attemptTimeout: 5),
                                     beforeSend: { call in if refuse(call.operation) { throw Refused() } })
        return DynamoDBClient(configuration: AWSConfiguration(region: "us-east-1", endpoints: AWSEndpointResolver(global: server.baseURL),
                                                              transport: transport))
    }

    @Test func aRefusedCallIsNeverSentAndOthersAre() async throws {
        let server = try LoopbackHTTPServer { _ in .json(200, "{}") }
        defer { server.stop() }
        let dynamo = Self.client(server) { $0 == "DynamoDB.PutItem" }
        await #expect(throws: Refused.self) { try await dynamo.putItem(tableName: "t", item: ["id": "a"]) }
        #expect(server.requestCount == 0)
        _ = try await dynamo.getItem(tableName: "t", key: ["id": "a"])
        #expect(server.requestCount == 1)
        #expect(server.requests.first?.header("X-Amz-Target") == "DynamoDB_20120810.GetItem")
    }
}
