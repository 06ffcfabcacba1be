import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Fault injection with a real loopback HTTP server: what is retried, how long, and what is said.
@Suite(.integration) struct RetryFaultTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIAFAULTTEST0000001", secretAccessKey: "fault-secret-do-not-log-0001")
    static let getItemReply = LoopbackHTTPServer.Response.json(200, #"{"Item":{"id":{"S":"a"}}}"#)

    /// A DynamoDB client pointed at the loopback server.
    static func client(_ server: LoopbackHTTPServer, retry: RetryPolicy, events: EventLog) -> DynamoDBClient {
        DynamoDBClient(configuration: LocalAWS.configuration(
            endpoint: server.baseURL, credentials: StaticCredentialProvider(credentials), retry: retry, events: events))
    }

    static let fast = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05, totalTimeLimit: 10, attemptTimeout: 2)

    /// Answers `faults` for the first requests, then `success`.
    static func scripted(_ faults: [LoopbackHTTPServer.Response], then success: LoopbackHTTPServer.Response) throws -> LoopbackHTTPServer {
        let counter = Counter()
        return try LoopbackHTTPServer { _ in
            let index = counter.next()
            return index < faults.count ? faults[index] : success
        }
    }

    /// Checks that nothing secret reached the events or the error text.
    static func expectNoLeaks(_ server: LoopbackHTTPServer, _ events: EventLog, _ texts: [String]) {
        let signatures = server.requests.compactMap { $0.header("Authorization") }
            .compactMap { $0.components(separatedBy: "Signature=").last }
        let secrets = [credentials.secretAccessKey, credentials.accessKeyID] + signatures
        #expect(events.leaks(of: secrets).isEmpty)
        for text in texts { #expect(!secrets.contains { text.contains($0) }, "secret in: \(text)") }
    }

    @Test func serverErrorsAreRetriedThenSucceed() async throws {
        let server = try Self.scripted([.json(500, #"{"__type":"InternalServerError","message":"boom"}"#), .text(502, "bad gateway")],
                                       then: Self.getItemReply)
        defer { server.stop() }
        let events = EventLog()
        let item = try await Self.client(server, retry: Self.fast, events: events).getItem(tableName: "t", key: ["id": "a"])
        #expect(item == ["id": "a"])
        #expect(server.requestCount == 3)
        #expect(events.all.filter { $0.contains("retrying") }.count == 2)
        #expect(server.requests.allSatisfy { $0.header("X-Amz-Target") == "DynamoDB_20120810.GetItem" })
        Self.expectNoLeaks(server, events, events.all)
    }

    @Test func persistent503GivesUpAfterTheAttemptLimit() async throws {
        let server = try LoopbackHTTPServer { request in
            // A verbose server echoing the Authorization header: it must not reach the error text.
            .json(503, #"{"__type":"ServiceUnavailableException","message":"busy; got \#(request.header("Authorization") ?? "")"}"#)
        }
        defer { server.stop() }
        let events = EventLog()
        let error = await #expect(throws: AWSError.self) {
            try await Self.client(server, retry: Self.fast, events: events).getItem(tableName: "t", key: ["id": "a"])
        }
        #expect(error?.code == .serviceUnavailable)
        #expect(error?.status == 503)
        #expect(error?.attempts == 4)
        #expect(server.requestCount == 4)
        #expect(error?.description.contains("after 4 attempts") == true)
        Self.expectNoLeaks(server, events, [error?.description ?? ""])
    }

    @Test func throttlingIsRetriedEvenForCallsUnsafeToRepeat() async throws {
        let throttled = LoopbackHTTPServer.Response.json(
            400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate exceeded"}"#)
        let server = try Self.scripted([throttled, throttled], then: .json(200, #"{"Attributes":{"n":{"N":"2"}}}"#))
        defer { server.stop() }
        let events = EventLog()
        let result = try await Self.client(server, retry: Self.fast, events: events).updateItem(
            tableName: "t", key: ["id": "a"], update: DynamoDBExpression("ADD n :one", values: [":one": 1]))
        #expect(result?["n"]?.intValue == 2)
        #expect(server.requestCount == 3, "a throttled request was not executed, so it is safe to send again")
        #expect(events.all.contains { $0.contains("ThrottlingException") })
    }

    @Test func nonIdempotentCallIsNotRetriedOnUnknownOutcome() async throws {
        let server = try LoopbackHTTPServer { _ in .json(500, #"{"__type":"InternalServerError","message":"unknown outcome"}"#) }
        defer { server.stop() }
        let events = EventLog()
        let dynamo = Self.client(server, retry: Self.fast, events: events)
        let error = await #expect(throws: AWSError.self) {
            try await dynamo.updateItem(tableName: "t", key: ["id": "a"], update: DynamoDBExpression("ADD n :one", values: [":one": 1]))
        }
        #expect(error?.code == .internalServerError)
        #expect(error?.attempts == 1)
        #expect(server.requestCount == 1)

        // With a condition the same update is safe to repeat, so it is retried.
        _ = try? await dynamo.updateItem(tableName: "t", key: ["id": "a"], update: DynamoDBExpression("ADD n :one", values: [":one": 1]),
                                         condition: DynamoDBExpression("n = :old", values: [":old": 1]))
        #expect(server.requestCount == 1 + 4)

        let reset = try LoopbackHTTPServer { _ in .resetConnection }
        defer { reset.stop() }
        let resetError = await #expect(throws: AWSTransportError.self) {
            try await Self.client(reset, retry: Self.fast, events: events)
                .updateItem(tableName: "t", key: ["id": "a"], update: DynamoDBExpression("ADD n :one", values: [":one": 1]))
        }
        #expect(reset.requestCount == 1)
        #expect(resetError?.description.contains("not safe to repeat") == true)
        Self.expectNoLeaks(server, events, [error?.description ?? "", resetError?.description ?? ""])
    }

    @Test func connectionResetIsRetriedForIdempotentCalls() async throws {
        let server = try Self.scripted([.resetConnection, .resetConnection], then: Self.getItemReply)
        defer { server.stop() }
        let events = EventLog()
        let item = try await Self.client(server, retry: Self.fast, events: events).getItem(tableName: "t", key: ["id": "a"])
        #expect(item == ["id": "a"])
        #expect(server.requestCount == 3)

        let always = try LoopbackHTTPServer { _ in .resetConnection }
        defer { always.stop() }
        let error = await #expect(throws: AWSTransportError.self) {
            try await Self.client(always, retry: Self.fast, events: events).getItem(tableName: "t", key: ["id": "a"])
        }
        #expect(always.requestCount == 4)
        #expect(error?.description.contains("retry limit reached") == true)
        #expect(error?.description.contains("DynamoDB.GetItem") == true)
    }

    @Test func stalledServerTimesOutWithinBounds() async throws {
        let server = try LoopbackHTTPServer { _ in .stall(seconds: 30) }
        defer { server.stop() }
        let events = EventLog()
        let policy = RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.01, totalTimeLimit: 8, attemptTimeout: 1)
        let start = Date()
        let error = await #expect(throws: AWSTransportError.self) {
            try await Self.client(server, retry: policy, events: events).getItem(tableName: "t", key: ["id": "a"])
        }
        let elapsed = Date().timeIntervalSince(start)
        // Two 1 s attempts against a 30 s stall; the upper bound is loose because the whole test
        // suite shares two cores.
        #expect(elapsed >= 1.5 && elapsed < 15, "two 1 s attempts took \(elapsed) s")
        #expect(error?.description.contains("timed out") == true)
        #expect(server.requestCount == 2, "\(error?.description ?? "") \(events.all)")
    }

    @Test func totalTimeLimitBoundsRetries() async throws {
        let server = try LoopbackHTTPServer { _ in .json(503, #"{"__type":"ServiceUnavailableException","message":"busy"}"#) }
        defer { server.stop() }
        let policy = RetryPolicy(maxAttempts: 1000, baseDelay: 0.1, maxDelay: 0.1, totalTimeLimit: 3, attemptTimeout: 1)
        let start = Date()
        let error = await #expect(throws: AWSTransportError.self) {
            try await Self.client(server, retry: policy, events: EventLog()).getItem(tableName: "t", key: ["id": "a"])
        }
        #expect(Date().timeIntervalSince(start) < 12)
        #expect(error?.description.contains("time limit") == true)
        #expect(server.requestCount > 1 && server.requestCount < 1000)
    }

    @Test func cancellationStopsAnInFlightCall() async throws {
        let server = try LoopbackHTTPServer { _ in .stall(seconds: 30) }
        defer { server.stop() }
        let dynamo = Self.client(server, retry: RetryPolicy(attemptTimeout: 20), events: EventLog())
        let start = Date()
        let task = Task { try await dynamo.getItem(tableName: "t", key: ["id": "a"]) }
        // Cancelled once the request is at the server.
        for _ in 0..<1500 where server.requestCount == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(server.requestCount == 1)
        task.cancel()
        let result = await task.result
        #expect(Date().timeIntervalSince(start) < 15)  // the stall is 30 s and the attempt timeout 20 s
        #expect(throws: CancellationError.self) { try result.get() }
    }
}

/// A thread-safe counter for scripted handlers.
final class Counter: @unchecked Sendable {
    // @unchecked Sendable: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
