import Foundation
@testable import PipelineCommands
import PipelineEngine
import TestTiers
import Testing

/// `--log-format json`: `JSONLinesStdoutSink` writes each event's `jsonLine()` to stdout as is
/// (it takes no other handle, so the line it writes is checked here): one line per event, which
/// a reader splitting on newlines gets back whole.
@Suite(.fast) struct JSONLinesEventTests {
    static let time = Date(timeIntervalSince1970: 1_800_000_000.125)

    static let events = [
        PipelineEvent(kind: .stepOutput, runID: "r", stage: "build", step: "test", phase: "apply",
                      message: "line one\nline two\r\n::error::not a command", stream: "stderr", time: time),
        PipelineEvent(kind: .stepFinished, runID: "r", stage: "deploy", step: "push", status: "failed", durationMs: 1234,
                      message: "exit 1", file: "pipelines/deploy.swift", line: 7, details: ["b": "2", "a": "1"], time: time),
        PipelineEvent(kind: .runStarted, runID: "r", pipeline: "shop", commit: "0123456789abcdef", time: time),
    ]

    @Test func eachEventIsExactlyOneLine() {
        for event in Self.events {
            let line = event.jsonLine()
            #expect(line.last == 0x0A)
            #expect(line.dropLast().allSatisfy { $0 != 0x0A && $0 != 0x0D }, "\(String(decoding: line, as: UTF8.self))")
        }
        let stream = Self.events.map { $0.jsonLine() }.reduce(Data(), +)
        #expect(stream.split(separator: 0x0A).count == Self.events.count)
    }

    @Test func aLineDecodesBackToItsEvent() throws {
        for event in Self.events {
            let decoded = try PipelineEvent.decoder.decode(PipelineEvent.self, from: event.jsonLine())
            #expect(decoded == event)
        }
    }

    @Test func keysAreSortedAndAbsentFieldsLeftOut() throws {
        let text = String(decoding: Self.events[2].jsonLine(), as: UTF8.self)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["commit", "kind", "pipeline", "runID", "schema", "sequence", "time"], "\(text)")
        #expect(object["time"] as? String == "2027-01-15T08:00:00.125Z", "\(text)")
        let keys = object.keys.sorted()
        let positions = keys.map { text.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted(), "\(text)")
    }
}
