import Foundation

/// The step's log: lines to stderr (the runner logs them), and secrets registered with the
/// runner by a `::secret::VALUE` line (masked everywhere from then on; the line is not logged).
///
/// A handler gets one as ``StepCall/log``; ``StepKit/log(_:)`` and ``StepKit/secret(_:)`` write to
/// the current one (``StepHarness`` captures both).
public final class StepLog: Sendable {
    private enum Sink {
        case standardError
        case capture
    }

    private let sink: Sink
    private let state = Captured()

    private final class Captured: @unchecked Sendable {
        let lock = NSLock()
        var lines: [String] = []
        var secrets: [String] = []
    }

    private init(sink: Sink) { self.sink = sink }

    /// The log of a module run by the runner: stderr.
    public static let standardError = StepLog(sink: .standardError)

    /// A log that keeps its lines and secrets in memory (what ``StepHarness`` uses).
    public static func capturing() -> StepLog { StepLog(sink: .capture) }

    /// The log ``StepKit/log(_:)`` writes to: stderr, or the harness's while it runs a module.
    @TaskLocal public static var current: StepLog = .standardError

    /// Writes `text` to the log, one line per line of it.
    public func callAsFunction(_ text: String) { write(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)) }

    /// Registers `value` as a secret; call it before the value could appear in any output.
    /// A value of several lines registers each non-empty line.
    public func secret(_ value: String) {
        let parts = value.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        switch sink {
        case .standardError: write(parts.map { "::secret::" + $0 })
        case .capture:
            state.lock.lock()
            state.secrets += parts
            state.lock.unlock()
        }
    }

    /// The lines logged so far (a capturing log only; without the `::secret::` lines).
    public var lines: [String] {
        state.lock.lock()
        defer { state.lock.unlock() }
        return state.lines
    }

    /// The secrets registered so far (a capturing log only).
    public var secrets: [String] {
        state.lock.lock()
        defer { state.lock.unlock() }
        return state.secrets
    }

    private func write(_ lines: [String]) {
        switch sink {
        case .standardError:
            let text = lines.map { $0 + "\n" }.joined()
            try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
        case .capture:
            state.lock.lock()
            for line in lines {
                if line.hasPrefix("::secret::") {
                    let value = String(line.dropFirst("::secret::".count))
                    if !value.isEmpty { state.secrets.append(value) }
                } else {
                    state.lines.append(line)
                }
            }
            state.lock.unlock()
        }
    }
}
