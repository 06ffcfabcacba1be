import Foundation
import PipelineEngine

/// `--log-format json`: every event as one JSON line on stdout (the schema in docs/events.md).
final class JSONLinesStdoutSink: EventSink {
    func receive(_ event: PipelineEvent) {
        try? FileHandle.standardOutput.write(contentsOf: event.jsonLine())
    }
}
