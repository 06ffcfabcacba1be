import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real OpenSSH tools (`ssh-keygen`, `ssh-agent`, `ssh-add`) for tests, each run bounded.
enum SSHKeygen {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A key pair made by `ssh-keygen -t <type> -N '' -f <dir>/<name>`.
    struct KeyPair {
        var privateKeyPath: String
        var publicKeyPath: String
        /// The `.pub` file's line (with the comment).
        var publicKeyLine: String
    }

    /// Runs `program arguments…` with `stdin`, killing it after `timeout` seconds.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], stdin: Data = Data(), environment: [String: String]? = nil,
                    timeout: TimeInterval = 30) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let environment { process.environment = environment }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = Collected(), err = Collected()
        let group = DispatchGroup()
        group.enter()
        Thread { out.data = output.fileHandleForReading.readDataToEndOfFile(); group.leave() }.start()
        group.enter()
        Thread { err.data = errors.fileHandleForReading.readDataToEndOfFile(); group.leave() }.start()
        try? input.fileHandleForWriting.write(contentsOf: stdin)
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) did not finish within \(Int(timeout)) s")
        }
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: String(decoding: out.data, as: UTF8.self), stderr: String(decoding: err.data, as: UTF8.self))
    }

    /// `ssh-keygen -t type [-b bits] -N '' -C comment -f dir/name`.
    static func makeKey(_ type: String, bits: Int? = nil, in directory: URL, name: String, comment: String = "approver") throws -> KeyPair {
        let path = directory.appendingPathComponent(name).path
        var arguments = ["-q", "-t", type, "-N", "", "-C", comment, "-f", path]
        if let bits { arguments += ["-b", String(bits)] }
        let result = try run("ssh-keygen", arguments)
        guard result.status == 0 else { throw Failure(description: "ssh-keygen -t \(type) failed: \(result.stderr)") }
        let line = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return KeyPair(privateKeyPath: path, publicKeyPath: path + ".pub", publicKeyLine: line)
    }

    /// `ssh-keygen -Y sign -n namespace -f key` over `message`, run directly (not via SSHSigner).
    static func sign(_ message: Data, key: String, namespace: String) throws -> String {
        let result = try run("ssh-keygen", ["-q", "-Y", "sign", "-n", namespace, "-f", key], stdin: message)
        guard result.status == 0 else { throw Failure(description: "ssh-keygen -Y sign failed: \(result.stderr)") }
        return result.stdout
    }

    /// Whether `ssh-keygen -Y verify` accepts `signature` over `message` for `principal`.
    static func verify(_ message: Data, signature: String, principal: String, namespace: String, allowedSigners: String,
                       in directory: URL) throws -> Bool {
        let signers = directory.appendingPathComponent("allowed_signers-\(UUID().uuidString)")
        let signatureFile = directory.appendingPathComponent("signature-\(UUID().uuidString).sig")
        try Data(allowedSigners.utf8).write(to: signers)
        try Data(signature.utf8).write(to: signatureFile)
        let result = try run(
            "ssh-keygen", ["-Y", "verify", "-f", signers.path, "-I", principal, "-n", namespace, "-s", signatureFile.path], stdin: message)
        return result.status == 0
    }

    /// `ssh-keygen -l -f file`'s fingerprint field ("SHA256:…").
    static func fingerprint(of publicKeyPath: String) throws -> String {
        let result = try run("ssh-keygen", ["-l", "-E", "sha256", "-f", publicKeyPath])
        guard result.status == 0 else { throw Failure(description: "ssh-keygen -l failed: \(result.stderr)") }
        return String(result.stdout.split(separator: " ")[1])
    }
}

/// One pipe's output, written by its reader thread before the group is left, read after the wait.
private final class Collected: @unchecked Sendable {
    var data = Data()
}
