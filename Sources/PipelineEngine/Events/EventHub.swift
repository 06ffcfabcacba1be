import Foundation
import PipelineBasics
import Synchronization

/// Numbers, masks and fans out a run's events: to the run store, to the run's JSON Lines file
/// (`.pipeline/runs/<run>/events.jsonl`) and to every sink.
public final class EventHub: Sendable {
    private struct State {
        var sequence: Int
        var file: FileHandle?
    }

    public let masker: SecretMasker
    private let sinks: [any EventSink]
    private let store: (any RunStore)?
    private let state: Mutex<State>

    public init(masker: SecretMasker, sinks: [any EventSink], store: (any RunStore)?, logFile: URL?, startSequence: Int = 0) {
        self.masker = masker
        self.sinks = sinks
        self.store = store
        var handle: FileHandle?
        if let logFile {
            // The run's folder and `runs/` above it: owner only (0700), the file 0600.
            try? PrivateFiles.createDirectory(logFile.deletingLastPathComponent().path)
            try? PrivateFiles.createDirectory(logFile.deletingLastPathComponent().deletingLastPathComponent().path)
            try? PrivateFiles.touch(logFile.path)
            handle = try? FileHandle(forWritingTo: logFile)
            _ = try? handle?.seekToEnd()
        }
        state = Mutex(State(sequence: startSequence, file: handle))
    }

    /// Masks, numbers and delivers `event`.
    public func emit(_ event: PipelineEvent) {
        state.withLock { state in
            state.sequence += 1
            var masked = masker.mask(event)
            masked.sequence = state.sequence
            let line = masked.jsonLine()
            try? state.file?.write(contentsOf: line)
            if let store { try? store.appendEvent(run: masked.runID, sequence: masked.sequence, json: line) }
            for sink in sinks { sink.receive(masked) }
        }
    }

    public func finish() {
        state.withLock { state in
            try? state.file?.close()
            state.file = nil
        }
        for sink in sinks { sink.finish() }
    }
}
