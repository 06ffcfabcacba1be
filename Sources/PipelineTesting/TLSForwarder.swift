import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts and stops `scripts/local-aws/tls_forwarder.py`: a loopback forwarder that takes plain
/// HTTP on ``endpoint`` and sends the same bytes over TLS to a ``LocalAWSServer`` in TLS mode,
/// trusting that server's CA.
///
/// What it is for: a ``FaultInjectingProxy`` reads and faults plain HTTP only, and a bucket policy
/// that denies requests without TLS denies everything that reaches moto in plain HTTP. Chained as
/// client → proxy → forwarder → moto's TLS port, the proxy sees every request and moto sees TLS.
///
/// The forwarder runs in its own process group, exits when the test process dies (it polls its
/// parent), after ``Options/lifetime``, or on ``stop()``; it closes a connection idle for
/// ``Options/idleTimeout``.
public final class TLSForwarder: @unchecked Sendable {
    // @unchecked Sendable: `stopped` changes only under `lock`; the rest is immutable after init
    // (`Process` is only queried and signalled).

    /// Limits of the forwarder process.
    public struct Options: Sendable {
        /// A connection with no bytes either way for this long is closed.
        public var idleTimeout: TimeInterval
        /// The TLS connect and handshake to the server must finish within this.
        public var connectTimeout: TimeInterval
        /// Connections forwarded at once (more wait for a free slot).
        public var maxConnections: Int
        /// The process exits by itself after this long.
        public var lifetime: TimeInterval
        /// How long ``TLSForwarder/start(to:options:)`` waits for the forwarder to listen.
        public var startupTimeout: TimeInterval
        public var python: String

        public init(idleTimeout: TimeInterval = 120, connectTimeout: TimeInterval = 10, maxConnections: Int = 64,
                    lifetime: TimeInterval = 3600, startupTimeout: TimeInterval = 30, python: String = "python3") {
            self.idleTimeout = idleTimeout
            self.connectTimeout = connectTimeout
            self.maxConnections = maxConnections
            self.lifetime = lifetime
            self.startupTimeout = startupTimeout
            self.python = python
        }
    }

    /// Why the forwarder could not be started.
    public enum LaunchError: Error, CustomStringConvertible {
        case notTLS(URL)
        case didNotStart(seconds: TimeInterval, log: String)
        case exited(status: Int32, log: String)

        public var description: String {
            switch self {
            case .notTLS(let endpoint):
                "the TLS forwarder needs a LocalAWSServer started with `tls: true` (a CA bundle and an https endpoint); got \(endpoint)"
            case .didNotStart(let seconds, let log):
                "scripts/local-aws/tls_forwarder.py did not report a listening port within \(Int(seconds)) s; its log ends: \(log)"
            case .exited(let status, let log):
                "scripts/local-aws/tls_forwarder.py exited with status \(status) during start-up; its log ends: \(log)"
            }
        }
    }

    /// The plain HTTP port the forwarder listens on (127.0.0.1).
    public let port: UInt16
    /// The TLS port it forwards to.
    public let upstreamPort: UInt16
    public let options: Options
    private let process: Process
    private let logURL: URL
    private let lock = NSLock()
    private var stopped = false

    /// `http://127.0.0.1:<port>`: the upstream to give a ``FaultInjectingProxy``.
    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The forwarder's pid (also its process group id).
    public var processIdentifier: Int32 { process.processIdentifier }

    private init(port: UInt16, upstreamPort: UInt16, options: Options, process: Process, logURL: URL) {
        self.port = port
        self.upstreamPort = upstreamPort
        self.options = options
        self.process = process
        self.logURL = logURL
    }

    deinit { stop() }

    /// Starts a forwarder to `server`'s TLS endpoint and waits (bounded) until it listens.
    /// - Throws: ``LaunchError`` when `server` is not in TLS mode or the forwarder does not start.
    public static func start(to server: LocalAWSServer, options: Options = Options()) async throws -> TLSForwarder {
        guard server.options.tls, let caBundle = server.caBundle else { throw LaunchError.notTLS(server.endpoint) }
        return try await start(upstreamPort: server.port, caBundle: caBundle, options: options)
    }

    /// Starts a forwarder to `https://127.0.0.1:<upstreamPort>`, trusting the CA in `caBundle`.
    public static func start(upstreamPort: UInt16, caBundle: URL, options: Options = Options()) async throws -> TLSForwarder {
        let logURL = FileManager.default.temporaryDirectory.appendingPathComponent("tls-forwarder-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            options.python, script.path, "--host", "127.0.0.1", "--listen-port", "0", "--upstream-host", "127.0.0.1",
            "--upstream-port", String(upstreamPort), "--server-name", "127.0.0.1", "--ca", caBundle.path,
            "--connect-timeout", String(options.connectTimeout), "--idle-timeout", String(options.idleTimeout),
            "--max-connections", String(options.maxConnections), "--lifetime", String(options.lifetime),
            "--watch-parent", "--new-session",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try? log.close()
        let deadline = Date().addingTimeInterval(options.startupTimeout)
        while Date() < deadline {
            let text = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            if let match = text.firstMatch(of: /listening on 127\.0\.0\.1:(\d+)/), let port = UInt16(match.1) {
                return TLSForwarder(port: port, upstreamPort: upstreamPort, options: options, process: process, logURL: logURL)
            }
            if !process.isRunning {
                let tail = Process.tail(of: logURL)
                try? FileManager.default.removeItem(at: logURL)
                throw LaunchError.exited(status: process.terminationStatus, log: tail)
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let forwarder = TLSForwarder(port: 0, upstreamPort: upstreamPort, options: options, process: process, logURL: logURL)
        let tail = forwarder.logTail
        forwarder.stop()
        throw LaunchError.didNotStart(seconds: options.startupTimeout, log: tail)
    }

    /// `scripts/local-aws/tls_forwarder.py` of this checkout.
    static var script: URL { LocalAWSServer.scriptsDirectory.appendingPathComponent("tls_forwarder.py") }

    /// Whether the forwarder process is still running.
    public var isRunning: Bool { process.isRunning }

    /// Terminates the forwarder and its process group (SIGTERM, then SIGKILL after 5 s). Idempotent.
    public func stop() {
        lock.lock()
        if stopped { lock.unlock(); return }
        stopped = true
        lock.unlock()
        process.terminateGroup()
        try? FileManager.default.removeItem(at: logURL)
    }

    /// The last lines the forwarder wrote (start-up, upstream failures, its tally at exit).
    public var logTail: String { Process.tail(of: logURL) }
}
