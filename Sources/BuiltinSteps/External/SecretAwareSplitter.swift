import Foundation
import PipelineEngine
import ProcessKit

/// A line splitter that takes `::secret::VALUE` lines as secret registrations.
final class SecretAwareSplitter: Sendable {
    private let inner: LineSplitter

    init(context: StepContext) {
        inner = LineSplitter(context: context) { line in
            guard line.hasPrefix("::secret::") else { return false }
            context.registerSecret(String(line.dropFirst("::secret::".count)))
            return true
        }
    }

    func feed(_ chunk: Data, stream: ChildProcess.Stream) { inner.feed(chunk, stream: stream) }
    func flush() { inner.flush() }
}
