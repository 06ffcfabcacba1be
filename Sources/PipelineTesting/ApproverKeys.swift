import Foundation

/// Real SSH keys for test approvers, made by `ssh-keygen` (Ed25519 by default), and the
/// `allowed_signers` file that lists them.
public final class ApproverKeys: Sendable {
    public let folder: TemporaryDirectory
    /// Each identity's private key file (its public half is beside it, `.pub`).
    public let keys: [String: URL]

    public init(_ identities: [String], type: String = "ed25519") throws {
        folder = try TemporaryDirectory(prefix: "approver-keys")
        var keys: [String: URL] = [:]
        for (index, identity) in identities.enumerated() {
            let file = folder.url.appendingPathComponent("key\(index)")
            try Self.keygen(["-q", "-t", type] + (type == "ecdsa" ? ["-b", "256"] : []) + ["-N", "", "-C", identity, "-f", file.path])
            keys[identity] = file
        }
        self.keys = keys
    }

    /// The private key file of `identity`.
    public func key(_ identity: String) -> String { keys[identity]!.path }

    /// `identity`'s public key line.
    public func publicKey(_ identity: String) throws -> String {
        try String(contentsOf: keys[identity]!.appendingPathExtension("pub"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An `allowed_signers` file listing every identity with its key (namespace pipeline-approval).
    public func allowedSigners() throws -> String {
        try keys.keys.sorted().map { "\($0) namespaces=\"pipeline-approval\" \(try publicKey($0))" }.joined(separator: "\n") + "\n"
    }

    /// Runs `ssh-keygen` with `arguments`; throws with its output when it fails.
    public static func keygen(_ arguments: [String], input: Data? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ssh-keygen"] + arguments
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "ssh-keygen", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: text])
        }
    }
}

extension ApproverKeys {
    /// Keys for the approvers `pipelines/deploy.swift` declares, made once per test process.
    public static let seed: ApproverKeys = try! ApproverKeys(["lead@bbws.example", "qa@bbws.example", "po@bbws.example", "ops@bbws.example"])
}
