import Foundation
import PipelineTesting

/// A private CA and a certificate for 127.0.0.1 made with `openssl`, and moto serving HTTPS with
/// it on a free loopback port (its WSGI app under werkzeug with an SSL context). The server exits
/// when stopped or when the test process dies.
final class LocalTLSServer: @unchecked Sendable {
    // @unchecked Sendable: immutable after init except `process`, which is only signalled.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: URL
    let port: UInt16
    private let process: Process

    /// The CA certificate (PEM) that signed the server's certificate.
    var caBundle: URL { directory.appendingPathComponent("ca.pem") }
    var endpoint: URL { URL(string: "https://127.0.0.1:\(port)")! }

    static let serverScript = """
    import os, signal, sys, threading, time
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    parent = os.getppid()
    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()
    from werkzeug.serving import make_server
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
    server = make_server("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=True,
                         ssl_context=(sys.argv[1], sys.argv[2]))
    print(server.port, flush=True)
    server.serve_forever()
    """

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.makeCertificates(in: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.serverScript, directory.appendingPathComponent("server.pem").path,
                             directory.appendingPathComponent("server.key").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        // The first line is the port; bounded by a reader thread and a deadline.
        let line = PipeLineReader(output.fileHandleForReading)
        guard let text = line.wait(seconds: 60), let port = UInt16(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw Failure(description: "moto over TLS did not report its port within 60 s")
        }
        self.port = port
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// `ca.key`/`ca.pem` (a CA), `server.key`/`server.pem` (signed by it, for IP 127.0.0.1 and localhost).
    static func makeCertificates(in directory: URL) throws {
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
            .write(toFile: path("server.ext"), atomically: true, encoding: .utf8)
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", path("ca.pem"),
                     "-days", "2", "-subj", "/CN=pipeline test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("server.key"), "-out", path("server.csr"),
                     "-subj", "/CN=127.0.0.1"])
        try openssl(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                     "-CAcreateserial", "-out", path("server.pem"), "-days", "2", "-extfile", path("server.ext")])
    }

    static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let collected = PipeLineReader(errors.fileHandleForReading, wholeOutput: true)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.first ?? "") failed: \(collected.wait(seconds: 5) ?? "")")
        }
    }
}

/// Reads the first line (or all output) of a pipe on a thread, for a bounded wait.
final class PipeLineReader: @unchecked Sendable {
    // @unchecked Sendable: `text` is written by the reader thread before `done` is signalled.
    private let done = DispatchSemaphore(value: 0)
    private var text: String?

    init(_ handle: FileHandle, wholeOutput: Bool = false) {
        Thread { [self] in
            if wholeOutput {
                text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            } else {
                var line = Data()
                while true {
                    let byte = handle.readData(ofLength: 1)
                    if byte.isEmpty || byte == Data([0x0A]) { break }
                    line += byte
                }
                text = String(decoding: line, as: UTF8.self)
            }
            done.signal()
        }.start()
    }

    func wait(seconds: TimeInterval) -> String? {
        done.wait(timeout: .now() + seconds) == .success ? text : nil
    }
}
