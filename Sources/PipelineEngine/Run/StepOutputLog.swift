import Foundation
import PipelineBasics
import Synchronization

/// What is kept of one step's output: every line goes to the step's own log file in the run
/// directory (masked); the first `limit` bytes also become `stepOutput` events (the store, the
/// events file, the console). Past the limit one notice says where the full log is, so 50 MB of
/// output costs the store a bounded amount, not 50 MB twice.
final class StepOutputLog: Sendable {
    private struct State {
        var kept = 0
        var lines = 0
        var truncated = false
        var file: FileHandle?
        var opened = false
    }

    let path: URL?
    let limit: Int
    private let state = Mutex(State())

    init(directory: URL?, stage: String, step: String, phase: String, limit: Int) {
        path = directory.map { $0.appendingPathComponent("logs").appendingPathComponent(Self.fileName(stage: stage, step: step, phase: phase)) }
        self.limit = limit
    }

    deinit {
        state.withLock { try? $0.file?.close() }
    }

    /// Writes a masked line to the log file; returns the line to emit as an event, the notice
    /// to emit once when the limit is reached, or nothing.
    func record(_ masked: String) -> Decision {
        state.withLock { state in
            if !state.opened {
                state.opened = true
                state.file = Self.open(path)
            }
            state.file?.write(Data((masked + "\n").utf8))
            state.lines += 1
            if state.truncated { return .drop }
            let size = masked.utf8.count + 1
            if state.kept + size <= limit {
                state.kept += size
                return .emit
            }
            state.truncated = true
            let place = path.map { "full log at \($0.path)" } ?? "no run directory to keep the full log in"
            return .truncated("output truncated after \(state.kept) bytes (\(state.lines - 1) lines); \(place)")
        }
    }

    enum Decision: Equatable { case emit, drop, truncated(String) }

    static func fileName(stage: String, step: String, phase: String) -> String {
        let safe = { (text: String) in
            String(text.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            }.prefix(80))
        }
        return "\(safe(stage)).\(safe(step)).\(phase).log"
    }

    private static func open(_ path: URL?) -> FileHandle? {
        guard let path else { return nil }
        try? PrivateFiles.createDirectory(path.deletingLastPathComponent().path)
        guard FileManager.default.createFile(atPath: path.path, contents: nil, attributes: [.posixPermissions: 0o600]) else { return nil }
        return try? FileHandle(forWritingTo: path)
    }
}
