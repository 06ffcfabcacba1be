import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// What the transport says when no HTTP response arrives: the reason names the failure, and the
/// retry rule follows it (refused: always retried; reset: only when safe to repeat).
@Suite(.fast) struct ConnectionFailureTests {
    static let fast = RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.02, totalTimeLimit: 10, attemptTimeout: 2)

    static func client(_ endpoint: URL, events: EventLog) -> DynamoDBClient {
        DynamoDBClient(configuration: LocalAWS.configuration(
            endpoint: endpoint, credentials: LocalAWS.testing, retry: fast, events: events))
    }

    @Test func refusedConnectionIsRetriedEvenWhenUnsafeAndNamed() async throws {
        let server = try LoopbackHTTPServer { _ in .json(200, "{}") }
        let endpoint = server.baseURL
        server.stop()
        let events = EventLog()
        let error = await #expect(throws: AWSTransportError.self) {
            try await Self.client(endpoint, events: events)
                .updateItem(tableName: "t", key: ["id": "a"], update: DynamoDBExpression("ADD n :one", values: [":one": 1]))
        }
        let text = error?.description ?? ""
        #expect(text.contains("connection refused"), "\(text)")
        #expect(text.contains("after 3 attempts") && text.contains("retry limit reached"), "\(text)")
        #expect(events.all.filter { $0.contains("connection refused") }.count == 2, "\(events.all)")
    }

    @Test func resetIsNamedAsSuch() async throws {
        let server = try LoopbackHTTPServer { _ in .resetConnection }
        defer { server.stop() }
        let events = EventLog()
        let error = await #expect(throws: AWSTransportError.self) {
            try await Self.client(server.baseURL, events: events).getItem(tableName: "t", key: ["id": "a"])
        }
        #expect(error?.description.contains("connection reset or closed by the server") == true, "\(error?.description ?? "")")
        #expect(server.requestCount == 3)
    }

    @Test func concurrentCallsShareOneTransport() async throws {
        let server = try LoopbackHTTPServer { request in
            .json(200, #"{"Item":{"id":{"S":"\#(request.body.count)"}}}"#)
        }
        defer { server.stop() }
        let dynamo = Self.client(server.baseURL, events: EventLog())
        let items = try await withThrowingTaskGroup(of: [String: DynamoDBAttributeValue]?.self) { group in
            for index in 0..<16 { group.addTask { try await dynamo.getItem(tableName: "t", key: ["id": .s("k\(index)")]) } }
            var all: [[String: DynamoDBAttributeValue]?] = []
            for try await item in group { all.append(item) }
            return all
        }
        #expect(items.count == 16 && items.allSatisfy { $0 != nil })
        #expect(server.requestCount == 16)
    }
}
