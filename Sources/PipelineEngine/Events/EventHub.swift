import Foundation
import Synchronization

/// Numbers, masks and fans out a run's events: to the run store, to the run's JSON Lines file
/// (`.pipeline/runs/<run>/events.jsonl`) and to every sink. Each line reaches the file whole,
/// in one write(2) on a descriptor opened with O_APPEND (one writer per run: its driver).
public final class EventHub: Sendable {
    private struct State {
        var sequence: Int
        var file: Int32
    }

    public let masker: SecretMasker
    private let sinks: [any EventSink]
    private let store: (any RunStore)?
    private let state: Mutex<State>

    public init(masker: SecretMasker, sinks: [any EventSink], store: (any RunStore)?, logFile: URL?, startSequence: Int = 0) {
        self.masker = masker
        self.sinks = sinks
        self.store = store
        var descriptor: Int32 = -1
        if let logFile {
            try? FileManager.default.createDirectory(at: logFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            descriptor = open(logFile.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        }
        state = Mutex(State(sequence: startSequence, file: descriptor))
    }

    /// Masks, numbers and delivers `event`.
    public func emit(_ event: PipelineEvent) {
        state.withLock { state in
            state.sequence += 1
            var masked = masker.mask(event)
            masked.sequence = state.sequence
            let line = masked.jsonLine()
            if state.file >= 0 { Self.append(line, to: state.file) }
            if let store { try? store.appendEvent(run: masked.runID, sequence: masked.sequence, json: line) }
            for sink in sinks { sink.receive(masked) }
        }
    }

    public func finish() {
        state.withLock { state in
            if state.file >= 0 { close(state.file) }
            state.file = -1
        }
        for sink in sinks { sink.finish() }
    }

    /// One write(2) for the whole line (O_APPEND puts it at the end atomically); a short write
    /// (a full disk) is completed with the rest.
    private static func append(_ line: Data, to descriptor: Int32) {
        line.withUnsafeBytes { buffer in
            guard var base = buffer.baseAddress else { return }
            var left = buffer.count
            while left > 0 {
                let written = write(descriptor, base, left)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                left -= written
                base += written
            }
        }
    }
}
