import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts and stops a local AWS endpoint: `moto_server` (PyPI `moto[server]`) on 127.0.0.1.
///
/// moto runs in its own process group and exits by itself if the test process dies (a watchdog
/// thread in the launcher polls the parent pid), so no server outlives a crashed test run.
///
/// With ``Options/tls`` the server is `scripts/local-aws/moto_tls.py`: HTTPS on ``port`` with a
/// certificate from a CA made for this server (``caBundle``, what `AWS_CA_BUNDLE` names), bucket
/// policies that evaluate `aws:SecureTransport`, and the same moto state on a plain HTTP
/// listener (``plainEndpoint``) for set-up calls and for showing that plain requests are denied.
public final class LocalAWSServer: @unchecked Sendable {
    // @unchecked Sendable: `admin` and `stopped` change only under `lock`; the rest is immutable
    // (`Process` is only queried and signalled).

    public struct Options: Sendable {
        /// Check SigV4 signatures and IAM policies (moto's `INITIAL_NO_AUTH_ACTION_COUNT` = 0).
        /// Before switching it on, the launcher creates an admin user: see ``adminCredentials``.
        public var authentication: Bool
        public var startupTimeout: TimeInterval
        public var python: String
        /// Serve HTTPS (and plain HTTP on a second port) through `scripts/local-aws/moto_tls.py`.
        /// Not combinable with ``authentication`` (its IAM set-up calls go to ``endpoint``).
        public var tls: Bool

        public init(authentication: Bool = false, startupTimeout: TimeInterval = 90, python: String = "python3",
                    tls: Bool = false) {
            self.authentication = authentication
            self.startupTimeout = startupTimeout
            self.python = python
            self.tls = tls
        }
    }

    public enum LaunchError: Error, CustomStringConvertible {
        case cannotInstall(String)
        case didNotStart(port: UInt16, seconds: TimeInterval, log: String)
        case exited(status: Int32, log: String)
        case bootstrap(String)
        case certificates(String)
        case unsupported(String)

        public var description: String {
            switch self {
            case .cannotInstall(let output):
                "moto is not installed and `python3 -m pip install 'moto[server]'` failed: \(output)"
            case .didNotStart(let port, let seconds, let log):
                "moto_server did not answer on 127.0.0.1:\(port) within \(Int(seconds)) s; its log ends: \(log)"
            case .exited(let status, let log):
                "moto_server exited with status \(status) during start-up; its log ends: \(log)"
            case .bootstrap(let reason):
                "moto started but setting up IAM for auth mode failed: \(reason)"
            case .certificates(let output):
                "scripts/local-aws/make-certs.sh could not make the local CA and server certificate (is openssl installed?): \(output)"
            case .unsupported(let reason):
                "cannot start the local AWS endpoint: \(reason)"
            }
        }
    }

    /// The port of ``endpoint`` (HTTPS in TLS mode).
    public let port: UInt16
    /// The plain HTTP port on the same moto state (TLS mode only).
    public let plainPort: UInt16?
    /// The CA certificate (PEM) that signed the server's certificate, for `AWS_CA_BUNDLE` (TLS mode only).
    public let caBundle: URL?
    public let options: Options
    /// Keys of an IAM user with `*:*` allowed, in account 123456789012 (auth mode only).
    public var adminCredentials: (accessKeyID: String, secretAccessKey: String)? {
        lock.lock(); defer { lock.unlock() }
        return admin
    }
    private var admin: (accessKeyID: String, secretAccessKey: String)?

    func setAdminCredentials(_ credentials: (accessKeyID: String, secretAccessKey: String)) {
        lock.lock(); defer { lock.unlock() }
        admin = credentials
    }
    private let process: Process
    private let logURL: URL
    private let certificateDirectory: URL?
    private let lock = NSLock()
    private var stopped = false

    /// The launcher's pid (also moto's process group id).
    public var processIdentifier: Int32 { process.processIdentifier }

    /// `http://127.0.0.1:<port>`, or `https://127.0.0.1:<port>` in TLS mode.
    public var endpoint: URL { URL(string: "\(options.tls ? "https" : "http")://127.0.0.1:\(port)")! }

    /// Plain HTTP on the same moto state: ``endpoint`` itself, or the second listener in TLS mode.
    public var plainEndpoint: URL { URL(string: "http://127.0.0.1:\(plainPort ?? port)")! }

    /// The environment a client needs to use this server (endpoint override, region, dummy keys,
    /// and `AWS_CA_BUNDLE` in TLS mode).
    public var environment: [String: String] {
        var values = ["AWS_ENDPOINT_URL": endpoint.absoluteString, "AWS_REGION": "us-east-1"]
        if let caBundle { values["AWS_CA_BUNDLE"] = caBundle.path }
        if let admin = adminCredentials {
            values["AWS_ACCESS_KEY_ID"] = admin.accessKeyID
            values["AWS_SECRET_ACCESS_KEY"] = admin.secretAccessKey
        } else {
            values["AWS_ACCESS_KEY_ID"] = "testing"
            values["AWS_SECRET_ACCESS_KEY"] = "testing"
        }
        return values
    }

    private init(port: UInt16, plainPort: UInt16?, options: Options, process: Process, logURL: URL,
                 certificateDirectory: URL?) {
        self.port = port
        self.plainPort = plainPort
        self.options = options
        self.process = process
        self.logURL = logURL
        self.certificateDirectory = certificateDirectory
        caBundle = certificateDirectory?.appendingPathComponent("ca.pem")
    }

    deinit { stop() }

    /// Starts moto on a free loopback port and waits (bounded) until it answers.
    public static func start(_ options: Options = Options()) async throws -> LocalAWSServer {
        if options.tls && options.authentication {
            throw LaunchError.unsupported("TLS mode with authentication is not supported (IAM set-up needs plain HTTP on `endpoint`)")
        }
        try await offThePool { try ensureInstalled(python: options.python) }
        var lastError: (any Error)?
        for _ in 0..<3 {
            // Per attempt: a failed server's stop() removes its certificates.
            let certificates = options.tls ? try await offThePool { try makeCertificates() } : nil
            let port = try freePort()
            var plainPort: UInt16?
            if options.tls {
                for _ in 0..<5 where plainPort == nil || plainPort == port { plainPort = try freePort() }
            }
            let logURL = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(port)-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            if let certificates, let plainPort {
                process.arguments = [
                    options.python, tlsLauncher.path, "--host", "127.0.0.1", "--port", String(port), "--plain-port", String(plainPort),
                    "--cert", certificates.appendingPathComponent("server.pem").path,
                    "--key", certificates.appendingPathComponent("server-key.pem").path, "--watch-parent", "--new-session",
                ]
            } else {
                process.arguments = [options.python, "-c", launcherScript, "-H", "127.0.0.1", "-p", String(port)]
            }
            var environment = ProcessInfo.processInfo.environment
            environment["PYTHONUNBUFFERED"] = "1"
            environment.removeValue(forKey: "INITIAL_NO_AUTH_ACTION_COUNT")
            environment["PIPELINE_LOCAL_AWS_SCRIPTS"] = scriptsDirectory.path
            process.environment = environment
            let log = try FileHandle(forWritingTo: logURL)
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let server = LocalAWSServer(port: port, plainPort: plainPort, options: options, process: process, logURL: logURL,
                                        certificateDirectory: certificates)
            do {
                try await server.waitUntilReady()
                if options.authentication { try await server.enableAuthentication() }
                return server
            } catch {
                server.stop()
                lastError = error
                if case LaunchError.exited = error { continue } // port taken between probe and bind: try another
                throw error
            }
        }
        throw lastError ?? LaunchError.bootstrap("no attempt made")
    }

    /// One server per mode per test process, started on first use.
    public static func shared(authentication: Bool = false, tls: Bool = false) async throws -> LocalAWSServer {
        try await SharedServers.registry.server(authentication: authentication, tls: tls)
    }

    /// `scripts/local-aws/` of this checkout.
    public static var scriptsDirectory: URL { PipelineBuild.packageRoot.appendingPathComponent("scripts/local-aws") }

    static var tlsLauncher: URL { scriptsDirectory.appendingPathComponent("moto_tls.py") }

    /// A fresh folder with a CA and a server certificate for 127.0.0.1 (removed by ``stop()``).
    static func makeCertificates() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-local-aws-\(UUID().uuidString)")
        let result = run(["/usr/bin/env", "bash", scriptsDirectory.appendingPathComponent("make-certs.sh").path, directory.path])
        guard result.status == 0 else {
            try? FileManager.default.removeItem(at: directory)
            throw LaunchError.certificates(String(result.output.suffix(2000)))
        }
        return directory
    }

    /// Terminates moto and its process group (SIGTERM, then SIGKILL after 5 s).
    public func stop() {
        lock.lock()
        if stopped { lock.unlock(); return }
        stopped = true
        lock.unlock()
        process.terminateGroup()
        try? FileManager.default.removeItem(at: logURL)
        if let certificateDirectory { try? FileManager.default.removeItem(at: certificateDirectory) }
    }

    /// The last lines moto wrote.
    public var logTail: String { Process.tail(of: logURL) }

    private func waitUntilReady() async throws {
        let deadline = Date().addingTimeInterval(options.startupTimeout)
        while Date() < deadline {
            if !process.isRunning { throw LaunchError.exited(status: process.terminationStatus, log: logTail) }
            // In TLS mode the plain listener starts after the TLS one, on the same state.
            if let status = try? await LocalAWSHTTP.send(method: "GET", url: plainEndpoint.appendingPathComponent("moto-api/"),
                                                         timeout: 2).status,
               status < 500 {
                return
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw LaunchError.didNotStart(port: port, seconds: options.startupTimeout, log: logTail)
    }

    static func freePort() throws -> UInt16 {
        let server = try LoopbackHTTPServer { _ in .text(503, "probe") }
        let port = server.port
        server.stop()
        return port
    }

    /// Runs blocking work (process waits) on its own thread, not on Swift's small cooperative pool.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    private static let installed = NSLock()
    nonisolated(unsafe) private static var installChecked = false // guarded by `installed`

    static func ensureInstalled(python: String) throws {
        installed.lock()
        defer { installed.unlock() }
        if installChecked { return }
        if run(["/usr/bin/env", python, "-c", "import moto.server, flask, flask_cors"]).status != 0 {
            let install = run(["/usr/bin/env", python, "-m", "pip", "install", "--quiet", "moto[server]"])
            guard install.status == 0 else { throw LaunchError.cannotInstall(String(install.output.suffix(2000))) }
        }
        installChecked = true
    }

    static func run(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs moto in a new session (its own process group) with a parent-death watchdog.
    static let launcherScript = """
    import os, signal, sys, threading, time
    # Threads of the spawning process (Dispatch workers) block signals, and a spawned child
    # inherits that mask: unblock SIGTERM/SIGINT so that stop() works.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    parent = os.getppid()
    try:
        os.setsid()
    except OSError:
        pass  # already a session leader (Foundation's Process may start children that way)
    def watch():
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(0.5)
    threading.Thread(target=watch, daemon=True).start()
    # DynamoDB item operations atomic with respect to each other, as the real service's are.
    sys.path.insert(0, os.environ["PIPELINE_LOCAL_AWS_SCRIPTS"])
    import moto_atomic
    moto_atomic.install()
    from moto.server import main
    main(sys.argv[1:])
    """
}

/// The process-wide shared servers.
actor SharedServers {
    struct Mode: Hashable {
        var authentication: Bool
        var tls: Bool
    }

    static let registry = SharedServers()
    private var servers: [Mode: Task<LocalAWSServer, any Error>] = [:]

    func server(authentication: Bool, tls: Bool = false) async throws -> LocalAWSServer {
        let mode = Mode(authentication: authentication, tls: tls)
        if let existing = servers[mode] { return try await existing.value }
        let task = Task { try await LocalAWSServer.start(.init(authentication: authentication, tls: tls)) }
        servers[mode] = task
        do {
            return try await task.value
        } catch {
            servers[mode] = nil
            throw error
        }
    }
}
