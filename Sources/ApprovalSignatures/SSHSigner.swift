import Foundation

/// Signs with the user's SSH key by running the real `ssh-keygen -Y sign`.
public enum SSHSigner {
    /// Signs `message` (sent on stdin) with `keyFile`: a private key, or a public key whose private
    /// half is in the ssh-agent at `$SSH_AUTH_SOCK`. Returns the armored signature.
    /// `sshKeygen` is the program to run (a path, or a name looked up on `PATH`); `environment`
    /// entries (such as `SSH_AUTH_SOCK`) are added to this process's environment for the run.
    public static func sign(_ message: Data, keyFile: String, namespace: String = ApprovalStatement.namespace,
                            sshKeygen: String = "ssh-keygen", environment: [String: String] = [:]) throws -> String {
        guard FileManager.default.fileExists(atPath: keyFile) else {
            throw ApprovalVerificationError.signingFailed(keyFile: keyFile, status: nil, stderr: "no such file")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // -q: no "Signing data on standard input" chatter; -O hashalg=sha512 is ssh-keygen's default.
        process.arguments = [sshKeygen, "-q", "-Y", "sign", "-n", namespace, "-f", keyFile]
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw ApprovalVerificationError.signingFailed(keyFile: keyFile, status: nil, stderr: "cannot run \(sshKeygen): \(error)")
        }
        // Read both pipes concurrently with writing stdin so neither side blocks on a full pipe.
        let collected = PipeCollector(output: output.fileHandleForReading, errors: errors.fileHandleForReading)
        try? input.fileHandleForWriting.write(contentsOf: message)
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let (stdout, stderr) = collected.wait()
        let errorText = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw ApprovalVerificationError.signingFailed(keyFile: keyFile, status: process.terminationStatus, stderr: errorText)
        }
        let armored = String(decoding: stdout, as: UTF8.self)
        guard armored.contains(SSHSignature.beginLine) else {
            throw ApprovalVerificationError.signingFailed(keyFile: keyFile, status: 0, stderr: "no signature on stdout. \(errorText)")
        }
        return armored
    }
}

/// Drains a process's stdout and stderr on background threads.
private final class PipeCollector: @unchecked Sendable {
    // @unchecked Sendable: `out`/`err` are written once by their reader thread before `done` is
    // signalled and read only after `wait()` has waited for both signals.
    private var out = Data()
    private var err = Data()
    private let done = DispatchGroup()

    init(output: FileHandle, errors: FileHandle) {
        done.enter()
        Thread { self.out = output.readDataToEndOfFile(); self.done.leave() }.start()
        done.enter()
        Thread { self.err = errors.readDataToEndOfFile(); self.done.leave() }.start()
    }

    func wait() -> (Data, Data) {
        done.wait()
        return (out, err)
    }
}
