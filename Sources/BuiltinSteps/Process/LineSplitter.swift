import Foundation
import PipelineEngine
import ProcessKit
import Synchronization

/// Turns a process's output chunks into whole lines for the step's log, per stream.
final class LineSplitter: Sendable {
    private let context: StepContext
    private let buffers = Mutex<[ChildProcess.Stream: Data]>([:])
    /// Returns true when it consumed the line (it is then not logged).
    private let intercept: @Sendable (String) -> Bool

    init(context: StepContext, intercept: @escaping @Sendable (String) -> Bool = { _ in false }) {
        self.context = context
        self.intercept = intercept
    }

    func feed(_ chunk: Data, stream: ChildProcess.Stream) {
        let lines: [String] = buffers.withLock { buffers in
            var buffer = buffers[stream, default: Data()]
            buffer.append(chunk)
            var lines: [String] = []
            while let newline = buffer.firstIndex(of: 0x0A) {
                lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer = Data(buffer[(newline + 1)...])
            }
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
        for (stream, data) in rest.sorted(by: { $0.key == .stdout && $1.key == .stderr }) {
            let line = String(decoding: data, as: UTF8.self)
            if !intercept(line) { context.log(line, stream: stream == .stdout ? .stdout : .stderr) }
        }
    }
}
