import ApprovalSignatures
import Foundation
import PipelineTesting
import TestTiers
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Signing with a key held by a real `ssh-agent`: the signer is given only the public key file.
@Suite(.integration) struct SSHAgentSigningTests {
    @Test func signsThroughSSHAgentWithThePublicKeyFile() throws {
        let directory = try TemporaryDirectory(prefix: "ssh-agent")
        let key = try SSHKeygen.makeKey("ed25519", in: directory.url, name: "agent-key")
        let socket = directory.url.appendingPathComponent("agent.sock").path
        let agent = Process()
        agent.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        agent.arguments = ["ssh-agent", "-D", "-a", socket]
        agent.standardOutput = FileHandle.nullDevice
        agent.standardError = FileHandle.nullDevice
        try agent.run()
        defer {
            // SIGKILL: the agent inherits the test thread's blocked signal mask, so SIGTERM may never arrive.
            kill(agent.processIdentifier, SIGKILL)
            agent.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket) && Date() < deadline && agent.isRunning { usleep(20_000) }
        try #require(FileManager.default.fileExists(atPath: socket), "ssh-agent did not create its socket within 10 s")

        let environment = ProcessInfo.processInfo.environment.merging(["SSH_AUTH_SOCK": socket]) { $1 }
        let added = try SSHKeygen.run("ssh-add", ["-q", key.privateKeyPath], environment: environment, timeout: 10)
        try #require(added.status == 0, "ssh-add: \(added.stderr)")
        // Only the agent has the private half now.
        try FileManager.default.removeItem(atPath: key.privateKeyPath)

        let statement = Fixtures.statement()
        let armored = try SSHSigner.sign(statement.canonicalData(), keyFile: key.publicKeyPath, environment: ["SSH_AUTH_SOCK": socket])
        let verifier = SSHIdentityVerifier(signers: try AllowedSigners(contents: "lead@bbws.example \(key.publicKeyLine)\n", source: "approvers"))
        let identity = try verifier.verify(statement, signature: armored, at: Fixtures.issuedAt)
        #expect(identity.keyFingerprint == (try SSHKeygen.fingerprint(of: key.publicKeyPath)))

        // Without the agent, the public key alone cannot sign.
        #expect(throws: ApprovalVerificationError.self) {
            try SSHSigner.sign(statement.canonicalData(), keyFile: key.publicKeyPath, environment: ["SSH_AUTH_SOCK": socket + ".missing"])
        }
    }
}
