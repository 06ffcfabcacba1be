import Foundation
#if canImport(Glibc)
import Glibc
import Synchronization
#endif

/// Runs a program as a child process in its own process group, with its output captured and
/// streamed, a timeout, cancellation, and optionally an extra output pipe on descriptor 3.
///
/// Rules: the child is always reaped; on timeout or task cancellation its whole process group
/// gets SIGTERM, then SIGKILL after `killGracePeriod`; output is delivered in arrival order.
/// The run is over when the child exits: its output is then read for at most `drainPeriod`, and
/// processes that outlived it while holding its output (a daemon started with `setsid … &`)
/// are reported in `Result.lingering`, not waited for.
public struct ChildProcess: Sendable {
    public var executable: String
    public var arguments: [String]
    /// The child's environment; nil inherits the parent's.
    public var environment: [String: String]?
    public var workingDirectory: String?
    public var timeout: Duration?
    public var killGracePeriod: Duration = .seconds(3)
    /// How long output is still read after the child exited, while something else holds it open.
    public var drainPeriod: Duration = .seconds(2)
    /// When set, `Result.stdout` and `Result.stderr` keep only (about) their last this many
    /// bytes: for a child whose output is streamed through `onOutput` and may be huge.
    public var retainedOutputLimit: Int?
    /// When true, descriptor 3 of the child is a pipe whose bytes come back in `Result.channel`.
    public var captureDescriptor3 = false
    /// When set, at most this many bytes of descriptor 3 are kept; the rest is read and dropped,
    /// and `Result.channelOverflowed` says so (a child writing a huge document costs no memory).
    public var channelLimit: Int?
    /// Bytes written to the child's stdin, which is then closed. Nil gives /dev/null.
    public var input: Data?
    /// Run the child as this user and group (through `setpriv`, with that user's supplementary
    /// groups); nil: as this process's user. Only a process running as root may.
    public var runAs: Account?

    /// util-linux's `setpriv`, which changes user and group and runs the child.
    public static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "setpriv"

    /// A user and group to run a child as.
    public struct Account: Sendable, Equatable {
        public var uid: UInt32
        public var gid: UInt32
        public init(uid: UInt32, gid: UInt32) {
            self.uid = uid
            self.gid = gid
        }
    }

    public enum Stream: Sendable { case stdout, stderr }

    /// How the child ended and what it wrote.
    public struct Result: Sendable {
        public var status: Termination
        /// Everything the child wrote, or its tail when `retainedOutputLimit` is set.
        public var stdout: Data
        public var stderr: Data
        public var channel: Data
        /// Whether the child wrote more than `channelLimit` bytes on descriptor 3.
        public var channelOverflowed = false
        public var duration: Duration
        /// Processes still holding the child's output after it exited and its output was drained
        /// (on timeout or cancellation: those outside its process group, which was ended).
        public var lingering: [LingeringProcess] = []
    }

    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
        case cancelled

        public var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signalled(let signal): "was killed by signal \(signal)" + (signal == SIGSEGV ? " (segmentation fault)" : signal == SIGILL || signal == SIGTRAP ? " (crash: a Swift runtime trap, e.g. a force-unwrap of nil or an index out of range)" : "")
            case .timedOut: "timed out"
            case .cancelled: "was cancelled"
            }
        }

        public var succeeded: Bool { self == .exited(0) }
    }

    public init(executable: String, arguments: [String] = [], environment: [String: String]? = nil,
                workingDirectory: String? = nil, timeout: Duration? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
    }

    /// Starts the child and waits for it. `onOutput` receives chunks as they arrive.
    public func run(onOutput: (@Sendable (Stream, Data) -> Void)? = nil) async throws -> Result {
        let control = ProcessControl()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    do {
                        continuation.resume(returning: try self.runBlocking(control: control, onOutput: onOutput))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        } onCancel: {
            control.cancel()
        }
    }
}

extension ChildProcess {
    /// Starts the child and waits for it on the calling thread, for callers that cannot await
    /// (a load-time check); no cancellation but the timeout.
    public func runSynchronously() throws -> Result {
        try runBlocking(control: ProcessControl(), onOutput: nil)
    }

    /// Ends the process group of every child still running (SIGKILL), for a runner that must
    /// exit now (a second SIGINT): no step's processes outlive it.
    public static func endAllRunning() {
        for group in RunningGroups.shared.all { kill(-group, SIGKILL) }
    }
}

/// The process groups of the children running now.
final class RunningGroups: Sendable {
    static let shared = RunningGroups()
    private let groups = Mutex<Set<pid_t>>([])
    func insert(_ group: pid_t) { _ = groups.withLock { $0.insert(group) } }
    func remove(_ group: pid_t) { _ = groups.withLock { $0.remove(group) } }
    var all: Set<pid_t> { groups.withLock { $0 } }
}

/// Cancellation shared between the waiting thread and the task's cancellation handler.
final class ProcessControl: Sendable {
    private let state = Mutex(false)
    func cancel() { state.withLock { $0 = true } }
    var isCancelled: Bool { state.withLock { $0 } }
}
