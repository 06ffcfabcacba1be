import AWS
import DynamoDBRunStore
import Foundation
import PipelineEngine
import PipelineTesting
import TestTiers
import Testing

/// What does not fit in a DynamoDB item (400 KB): events are cut and marked, records refused.
@Suite(.integration) struct ItemBoundsTests {
    static func store() async throws -> DynamoDBRunStore {
        let server = try await LocalAWSServer.shared()
        let location = try DynamoDBStateLocation(table: "bounds-\(UUID().uuidString.prefix(8).lowercased())", region: "us-east-1")
        let client = try location.client(environment: server.environment)
        _ = try await StateTable.ensure(client, table: location.table)
        return try DynamoDBRunStore(table: location.table, client: client)
    }

    @Test func aHugeEventIsStoredCutWithAMarkerAndStillReads() async throws {
        let store = try await Self.store()
        let huge = String(repeating: "é", count: 300_000)  // 600 KB of UTF-8
        var event = PipelineEvent(kind: .stepOutput, runID: "r", stage: "build", step: "compile", message: huge, stream: "stdout")
        event.sequence = 7
        try store.appendEvent(run: "r", sequence: 7, json: event.jsonLine())
        let small = PipelineEvent(kind: .stepFinished, runID: "r", stage: "build", step: "compile", status: "succeeded")
        try store.appendEvent(run: "r", sequence: 8, json: small.jsonLine())

        let stored = try store.events(run: "r")
        #expect(stored.count == 2)
        #expect(stored[0].count <= DynamoDBRunStore.eventLimit + 1)
        let cut = try PipelineEvent.decoder.decode(PipelineEvent.self, from: stored[0])
        #expect(cut.kind == .stepOutput)
        #expect(cut.step == "compile")
        #expect(cut.details?["truncated"] == "\(event.jsonLine().count) bytes")
        let message = try #require(cut.message)
        #expect(message.hasPrefix(String(repeating: "é", count: 1000)))
        #expect(message.contains("… [truncated: "))
        #expect(stored[1] == small.jsonLine())
    }

    @Test func aRecordOverTheItemLimitIsRefusedAndNothingIsWritten() async throws {
        let store = try await Self.store()
        let run = RunRecord(id: "big", pipeline: "p", pipelineFile: "f", document: Data(repeating: 0x41, count: 450_000), triggeredBy: "me")
        let error = #expect(throws: EngineError.self) { try store.createRun(run) }
        #expect(error.map { "\($0)".contains("a DynamoDB item holds at most 400 KB") && "\($0)".contains("run big") } == true,
                "\(String(describing: error))")
        #expect(try store.run("big") == nil)
    }
}
