import ApprovalSignatures
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Signatures made by the real `ssh-keygen -Y sign`, checked by `SSHSignature` and, for the same
/// inputs, by `ssh-keygen -Y verify`: both must agree on good and on tampered messages.
@Suite(.integration) struct SSHSignatureTests {
    struct KeySpec: Sendable, CustomTestStringConvertible {
        var type: String
        var bits: Int?
        var algorithm: String
        var testDescription: String { bits.map { "\(type)-\($0)" } ?? type }
    }

    static let keySpecs = [
        KeySpec(type: "ed25519", bits: nil, algorithm: "ssh-ed25519"),
        KeySpec(type: "ecdsa", bits: 256, algorithm: "ecdsa-sha2-nistp256"),
        KeySpec(type: "ecdsa", bits: 384, algorithm: "ecdsa-sha2-nistp384"),
        KeySpec(type: "ecdsa", bits: 521, algorithm: "ecdsa-sha2-nistp521"),
        KeySpec(type: "rsa", bits: 3072, algorithm: "ssh-rsa"),
    ]

    static let principal = "lead@bbws.example"

    @Test(arguments: keySpecs)
    func verificationAgreesWithSSHKeygen(_ spec: KeySpec) throws {
        let directory = try TemporaryDirectory(prefix: "sshsig")
        let key = try SSHKeygen.makeKey(spec.type, bits: spec.bits, in: directory.url, name: "id")
        let message = Fixtures.statement().canonicalData()
        let armored = try SSHSigner.sign(message, keyFile: key.privateKeyPath)
        let signers = "\(Self.principal) \(key.publicKeyLine)\n"

        let signature = try SSHSignature(armored: armored)
        #expect(signature.publicKey.algorithm == spec.algorithm)
        #expect(signature.publicKey == (try SSHPublicKey(authorizedKeyLine: key.publicKeyLine)))
        #expect(signature.namespace == ApprovalStatement.namespace)
        #expect(signature.hashAlgorithm == "sha512")
        #expect(signature.publicKey.fingerprint == (try SSHKeygen.fingerprint(of: key.publicKeyPath)))

        try signature.verify(message: message, namespace: ApprovalStatement.namespace)
        #expect(try SSHKeygen.verify(message, signature: armored, principal: Self.principal, namespace: ApprovalStatement.namespace,
                                     allowedSigners: signers, in: directory.url))

        for tampered in Self.tamperings(of: message) {
            #expect(throws: ApprovalVerificationError.badSignature(key: signature.publicKey.displayName)) {
                try signature.verify(message: tampered, namespace: ApprovalStatement.namespace)
            }
            #expect(try !SSHKeygen.verify(tampered, signature: armored, principal: Self.principal, namespace: ApprovalStatement.namespace,
                                          allowedSigners: signers, in: directory.url))
        }
    }

    @Test func signaturesMadeDirectlyWithSHA256Verify() throws {
        let directory = try TemporaryDirectory(prefix: "sshsig")
        let key = try SSHKeygen.makeKey("ed25519", in: directory.url, name: "id")
        let message = Fixtures.statement().canonicalData()
        let result = try SSHKeygen.run("ssh-keygen", ["-q", "-Y", "sign", "-O", "hashalg=sha256", "-n", ApprovalStatement.namespace, "-f", key.privateKeyPath],
                                       stdin: message)
        #expect(result.status == 0, "\(result.stderr)")
        let signature = try SSHSignature(armored: result.stdout)
        #expect(signature.hashAlgorithm == "sha256")
        try signature.verify(message: message, namespace: ApprovalStatement.namespace)
        #expect(throws: ApprovalVerificationError.self) { try signature.verify(message: message + Data([0x20]), namespace: ApprovalStatement.namespace) }
    }

    @Test func aSignatureWithAChangedByteIsRefusedByBoth() throws {
        let directory = try TemporaryDirectory(prefix: "sshsig")
        let key = try SSHKeygen.makeKey("ecdsa", bits: 256, in: directory.url, name: "id")
        let message = Fixtures.statement().canonicalData()
        let armored = try SSHKeygen.sign(message, key: key.privateKeyPath, namespace: ApprovalStatement.namespace)
        var binary = try #require(Data(base64Encoded: Self.armorBody(armored)))
        binary[binary.count - 5] ^= 0x01  // inside s of the ECDSA signature
        let forged = Self.armor(binary)
        let signature = try SSHSignature(armored: forged)
        #expect(throws: ApprovalVerificationError.badSignature(key: signature.publicKey.displayName)) {
            try signature.verify(message: message, namespace: ApprovalStatement.namespace)
        }
        #expect(try !SSHKeygen.verify(message, signature: forged, principal: Self.principal, namespace: ApprovalStatement.namespace,
                                      allowedSigners: "\(Self.principal) \(key.publicKeyLine)\n", in: directory.url))
    }

    @Test func wrongNamespaceIsNamed() throws {
        let directory = try TemporaryDirectory(prefix: "sshsig")
        let key = try SSHKeygen.makeKey("ed25519", in: directory.url, name: "id")
        let message = Fixtures.statement().canonicalData()
        let signature = try SSHSignature(armored: try SSHKeygen.sign(message, key: key.privateKeyPath, namespace: "git"))
        #expect(signature.namespace == "git")
        #expect(throws: ApprovalVerificationError.wrongNamespace(expected: "pipeline-approval", found: "git")) {
            try signature.verify(message: message, namespace: ApprovalStatement.namespace)
        }
        // ssh-keygen refuses it for pipeline-approval too, and accepts it for git.
        let armored = try SSHKeygen.sign(message, key: key.privateKeyPath, namespace: "git")
        let signers = "\(Self.principal) \(key.publicKeyLine)\n"
        #expect(try !SSHKeygen.verify(message, signature: armored, principal: Self.principal, namespace: ApprovalStatement.namespace,
                                      allowedSigners: signers, in: directory.url))
        #expect(try SSHKeygen.verify(message, signature: armored, principal: Self.principal, namespace: "git", allowedSigners: signers, in: directory.url))
    }

    @Test func truncatedAndGarbageArmorIsMalformed() throws {
        let directory = try TemporaryDirectory(prefix: "sshsig")
        let key = try SSHKeygen.makeKey("ed25519", in: directory.url, name: "id")
        let armored = try SSHSigner.sign(Data("x".utf8), keyFile: key.privateKeyPath)
        let body = Self.armorBody(armored)
        let binary = try #require(Data(base64Encoded: body))
        let cases: [(String, String)] = [
            ("", "no \"-----BEGIN SSH SIGNATURE-----\" line"),
            ("hello", "no \"-----BEGIN SSH SIGNATURE-----\" line"),
            (String(armored.prefix(armored.count / 2)), "no \"-----END SSH SIGNATURE-----\" line"),
            ("-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n", "not base64"),
            (Self.armor(binary.prefix(binary.count - 10)), "truncated"),
            (Self.armor(Data("SSHSIX".utf8) + binary.dropFirst(6)), "magic"),
            (Self.armor(binary + Data([0, 0])), "trailing"),
        ]
        for (text, expected) in cases {
            do {
                _ = try SSHSignature(armored: text)
                Issue.record("accepted: \(text)")
            } catch let error as ApprovalVerificationError {
                guard case .malformedSignature = error else { Issue.record("\(error)"); continue }
                #expect(error.description.contains(expected), "\(error)")
                #expect(error.isUserError)
            }
        }
    }

    @Test func signerReportsSSHKeygensError() throws {
        let directory = try TemporaryDirectory(prefix: "sshsig")
        let bogus = try directory.write("not-a-key", "this is not a key\n")
        do {
            _ = try SSHSigner.sign(Data("x".utf8), keyFile: bogus.path)
            Issue.record("signed with a bogus key")
        } catch let error as ApprovalVerificationError {
            guard case .signingFailed(_, let status, let stderr) = error else { Issue.record("\(error)"); return }
            #expect(status != 0)
            #expect(!stderr.isEmpty)
            #expect(error.description.contains(bogus.path))
        }
        #expect(throws: ApprovalVerificationError.signingFailed(keyFile: "/nonexistent/key", status: nil, stderr: "no such file")) {
            try SSHSigner.sign(Data("x".utf8), keyFile: "/nonexistent/key")
        }
    }

    /// One flipped byte at the start, middle and end; one field changed; a trailing newline.
    static func tamperings(of message: Data) -> [Data] {
        var results: [Data] = []
        for index in [0, message.count / 2, message.count - 1] {
            var copy = message
            copy[index] ^= 0x01
            results.append(copy)
        }
        results.append(Fixtures.statement(run: "r-20261202-2").canonicalData())
        results.append(message + Data("\n".utf8))
        return results
    }

    static func armorBody(_ armored: String) -> String {
        armored.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    }

    static func armor(_ binary: Data) -> String {
        "-----BEGIN SSH SIGNATURE-----\n\(binary.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]))\n-----END SSH SIGNATURE-----\n"
    }
}
