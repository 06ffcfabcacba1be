import Foundation

/// What running a module in-process with ``StepHarness`` gave: exit status, the document it
/// wrote for descriptor 3, the log lines and the secrets it registered.
public struct StepOutcome: Sendable {
    /// The exit status the executable would have had (0, 1 or 64).
    public var status: Int32
    /// The describe answer or the result document, as the runner would read it.
    public var document: StepValue?
    /// The log lines (stderr), without `::secret::` lines.
    public var log: [String]
    /// The values registered as secrets, in order.
    public var secrets: [String]

    public init(status: Int32, document: StepValue?, log: [String], secrets: [String]) {
        self.status = status
        self.document = document
        self.log = log
        self.secrets = secrets
    }

    public var succeeded: Bool { status == 0 }

    /// The result document read back as a ``StepResult`` (nil for a describe answer that is not one).
    public var result: StepResult? { document.flatMap { try? StepResult(document: $0) } }

    /// The result's message, if any.
    public var message: String? { document?["message"]?.string }

    /// Log lines that show a registered secret (which the runner would mask; a module should
    /// register a secret before it logs anything containing it).
    public var linesShowingSecrets: [String] {
        log.filter { line in secrets.contains { !$0.isEmpty && line.contains($0) } }
    }
}
