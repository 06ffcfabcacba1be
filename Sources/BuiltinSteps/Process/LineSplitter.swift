import Foundation
import PipelineEngine
import ProcessKit
import Synchronization

/// Turns a process's output chunks into whole lines for the step's log, per stream, in time
/// linear in the output: each byte is scanned once, and a line longer than `maximumLineBytes`
/// is logged in pieces of that size (split at a UTF-8 character boundary).
final class LineSplitter: Sendable {
    static let maximumLineBytes = 64 * 1024

    private let context: StepContext
    private let buffers = Mutex<[ChildProcess.Stream: [UInt8]]>([:])
    /// Returns true when it consumed the line (it is then not logged).
    private let intercept: @Sendable (String) -> Bool
    private let maximumLineBytes: Int

    init(context: StepContext, maximumLineBytes: Int = LineSplitter.maximumLineBytes,
         intercept: @escaping @Sendable (String) -> Bool = { _ in false }) {
        self.context = context
        self.intercept = intercept
        self.maximumLineBytes = max(maximumLineBytes, 4)
    }

    func feed(_ chunk: Data, stream: ChildProcess.Stream) {
        let lines: [String] = buffers.withLock { buffers in
            var buffer = buffers.removeValue(forKey: stream) ?? []
            // Bytes before `buffer.count` were already scanned and hold no newline.
            var lineStart = 0
            var lines: [String] = []
            buffer.reserveCapacity(buffer.count + chunk.count)
            for byte in chunk {
                if byte == 0x0A {
                    lines.append(String(decoding: buffer[lineStart...], as: UTF8.self))
                    buffer.removeSubrange(lineStart...)
                    continue
                }
                buffer.append(byte)
                if buffer.count - lineStart >= maximumLineBytes {
                    let end = Self.characterBoundary(in: buffer, from: lineStart, before: buffer.count)
                    lines.append(String(decoding: buffer[lineStart..<end], as: UTF8.self))
                    lineStart = end
                }
            }
            if lineStart > 0 { buffer.removeFirst(lineStart) }
            buffers[stream] = buffer
            return lines
        }
        for line in lines where !intercept(line) { context.log(line, stream: stream == .stdout ? .stdout : .stderr) }
    }

    func flush() {
        let rest = buffers.withLock { buffers in
            defer { buffers = [:] }
            return buffers.filter { !$0.value.isEmpty }
        }
        for (stream, bytes) in rest.sorted(by: { $0.key == .stdout && $1.key == .stderr }) {
            let line = String(decoding: bytes, as: UTF8.self)
            if !intercept(line) { context.log(line, stream: stream == .stdout ? .stdout : .stderr) }
        }
    }

    /// Where to cut `bytes[start..<end]` so that no UTF-8 sequence is split: before the last
    /// sequence when it is still incomplete, else at `end`.
    static func characterBoundary(in bytes: [UInt8], from start: Int, before end: Int) -> Int {
        var lead = end - 1
        while lead > start, end - lead < 4, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        let first = bytes[lead]
        let length = first < 0xC0 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2
        return lead > start && lead + length > end ? lead : end
    }
}
