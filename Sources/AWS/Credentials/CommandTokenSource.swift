import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A token printed on stdout by a command (e.g. a local test issuer or a cloud CLI).
public struct CommandTokenSource: WebIdentityTokenSource {
    public let executable: String
    public let arguments: [String]
    public let timeout: TimeInterval

    public init(executable: String, arguments: [String] = [], timeout: TimeInterval = 30) {
        self.executable = executable
        self.arguments = arguments
        self.timeout = timeout
    }

    public var name: String { "command \(([executable] + arguments).joined(separator: " "))" }

    public func token() async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CredentialError.tokenUnavailable(source: name, reason: "cannot start it (\(error.localizedDescription))")
        }
        // Read on a thread so a command that hangs cannot block past the deadline.
        let collected = OutputBox()
        let reader = output.fileHandleForReading
        Thread { collected.finish(reader.readDataToEndOfFile()) }.start()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning || !collected.isFinished {
            if Date() > deadline {
                // SIGKILL: a child may inherit a mask blocking SIGTERM from our worker threads.
                kill(process.processIdentifier, SIGKILL)
                throw CredentialError.tokenUnavailable(source: name, reason: "it did not finish within \(Int(timeout)) s")
            }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        let data = collected.data
        guard process.terminationStatus == 0 else {
            throw CredentialError.tokenUnavailable(source: name, reason: "it exited with status \(process.terminationStatus)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw CredentialError.tokenUnavailable(source: name, reason: "it printed nothing") }
        return token
    }
}

/// Output collected by a reader thread.
final class OutputBox: @unchecked Sendable {
    // @unchecked Sendable: `value` and `done` are only touched under `lock`.
    private let lock = NSLock()
    private var value = Data()
    private var done = false

    func finish(_ data: Data) {
        lock.lock(); defer { lock.unlock() }
        value = data
        done = true
    }

    var isFinished: Bool {
        lock.lock(); defer { lock.unlock() }
        return done
    }

    var data: Data {
        lock.lock(); defer { lock.unlock() }
        return value
    }
}
