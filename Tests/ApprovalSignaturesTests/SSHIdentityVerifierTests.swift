import ApprovalSignatures
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Signed statements checked against allowed signers: the good one passes, each forgery is
/// refused with its own reason.
@Suite(.integration) struct SSHIdentityVerifierTests {
    let directory: TemporaryDirectory
    let lead: SSHKeygen.KeyPair
    let qa: SSHKeygen.KeyPair
    let stranger: SSHKeygen.KeyPair
    let verifier: SSHIdentityVerifier
    let now = Fixtures.issuedAt.addingTimeInterval(30)

    init() throws {
        directory = try TemporaryDirectory(prefix: "ssh-identity")
        lead = try SSHKeygen.makeKey("ed25519", in: directory.url, name: "lead")
        qa = try SSHKeygen.makeKey("ecdsa", bits: 256, in: directory.url, name: "qa")
        stranger = try SSHKeygen.makeKey("ed25519", in: directory.url, name: "stranger")
        let signers = """
            # approvers of bbws-infrastructure
            lead@bbws.example namespaces="pipeline-approval,git" \(lead.publicKeyLine)
            "qa@bbws.example,qa-lead@bbws.example" \(qa.publicKeyLine)
            """
        verifier = SSHIdentityVerifier(signers: try AllowedSigners(contents: signers, source: "approvers"))
    }

    func sign(_ statement: ApprovalStatement, with key: SSHKeygen.KeyPair, namespace: String = ApprovalStatement.namespace) throws -> String {
        try SSHSigner.sign(statement.canonicalData(), keyFile: key.privateKeyPath, namespace: namespace)
    }

    @Test func aListedKeySigningAsItsPrincipalIsAccepted() throws {
        let statement = Fixtures.statement()
        let identity = try verifier.verify(statement, signature: try sign(statement, with: lead), at: now)
        let key = try SSHPublicKey(authorizedKeyLine: lead.publicKeyLine)
        #expect(identity == VerifiedIdentity(method: .ssh, principal: "lead@bbws.example", detail: "ssh-ed25519 \(key.fingerprint)",
                                              keyFingerprint: key.fingerprint))
        let qaStatement = Fixtures.statement(approver: "qa@bbws.example")
        #expect(try verifier.verify(qaStatement, signature: try sign(qaStatement, with: qa), at: now).principal == "qa@bbws.example")
    }

    @Test func aSignatureOverAnotherStatementIsRefused() throws {
        let signed = Fixtures.statement()
        let signature = try sign(signed, with: lead)
        let key = try SSHPublicKey(authorizedKeyLine: lead.publicKeyLine).displayName
        var others = [
            Fixtures.statement(commit: "0000000000000000000000000000000000000000"),
            Fixtures.statement(planHash: "ffffff"),
            Fixtures.statement(run: "r-20261202-9"),
            Fixtures.statement(stage: "dev"),
            Fixtures.statement(decision: .reject, reason: "no"),
            Fixtures.statement(nonce: "ffffffffffffffffffffffffffffffff"),
        ]
        var changedRole = signed
        changedRole.role = "Product Owner"
        others.append(changedRole)
        for other in others {
            #expect(throws: ApprovalVerificationError.badSignature(key: key)) { try verifier.verify(other, signature: signature, at: now) }
        }
    }

    @Test func oneChangedByteOfTheSignedBytesIsRefused() throws {
        let bytes = Fixtures.statement().canonicalData()
        let signature = try SSHSignature(armored: try SSHSigner.sign(bytes, keyFile: lead.privateKeyPath))
        var changed = bytes
        changed[changed.count / 3] ^= 0x20
        #expect(throws: ApprovalVerificationError.badSignature(key: signature.publicKey.displayName)) {
            try signature.verify(message: changed, namespace: ApprovalStatement.namespace)
        }
    }

    @Test func wrongNamespaceIsRefused() throws {
        let statement = Fixtures.statement()
        #expect(throws: ApprovalVerificationError.wrongNamespace(expected: "pipeline-approval", found: "git")) {
            try verifier.verify(statement, signature: try sign(statement, with: lead, namespace: "git"), at: now)
        }
    }

    @Test func anUnlistedKeyIsRefusedByFingerprint() throws {
        let statement = Fixtures.statement()
        let fingerprint = try SSHKeygen.fingerprint(of: stranger.publicKeyPath)
        let signature = try sign(statement, with: stranger)
        #expect(throws: ApprovalVerificationError.unlistedKey(fingerprint: fingerprint)) {
            try verifier.verify(statement, signature: signature, at: now)
        }
        #expect(try !SSHKeygen.verify(statement.canonicalData(), signature: signature, principal: "lead@bbws.example",
                                      namespace: ApprovalStatement.namespace, allowedSigners: "lead@bbws.example \(lead.publicKeyLine)\n",
                                      in: directory.url))
    }

    @Test func aListedKeyCannotSignAsAnotherPrincipal() throws {
        let statement = Fixtures.statement(approver: "lead@bbws.example")
        let key = try SSHPublicKey(authorizedKeyLine: qa.publicKeyLine)
        let error = ApprovalVerificationError.keyNotAllowedForPrincipal(
            principal: "lead@bbws.example", key: key.displayName, principals: ["qa@bbws.example", "qa-lead@bbws.example"])
        let signature = try sign(statement, with: qa)
        #expect(throws: error) { try verifier.verify(statement, signature: signature, at: now) }
        #expect(error.description.contains("qa@bbws.example, qa-lead@bbws.example"))
        // ssh-keygen agrees: qa's key does not verify as lead, and does as qa.
        let signers = "lead@bbws.example \(lead.publicKeyLine)\nqa@bbws.example \(qa.publicKeyLine)\n"
        #expect(try !SSHKeygen.verify(statement.canonicalData(), signature: signature, principal: "lead@bbws.example",
                                      namespace: ApprovalStatement.namespace, allowedSigners: signers, in: directory.url))
        #expect(try SSHKeygen.verify(statement.canonicalData(), signature: signature, principal: "qa@bbws.example",
                                     namespace: ApprovalStatement.namespace, allowedSigners: signers, in: directory.url))
    }

    @Test func aKeyOutsideItsValidityIsRefused() throws {
        let signers = try AllowedSigners(contents: """
            lead@bbws.example valid-before="20261201Z" \(lead.publicKeyLine)
            qa@bbws.example valid-after="20270101000000Z" \(qa.publicKeyLine)
            """, source: "approvers")
        let timed = SSHIdentityVerifier(signers: signers)
        let statement = Fixtures.statement()
        do {
            _ = try timed.verify(statement, signature: try sign(statement, with: lead), at: now)
            Issue.record("accepted an expired key")
        } catch let error as ApprovalVerificationError {
            guard case .keyNotValidAt(_, _, let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason == "valid-before 2026-12-01T00:00:00Z (approvers:1)")
        }
        let qaStatement = Fixtures.statement(approver: "qa@bbws.example")
        #expect(throws: ApprovalVerificationError.self) { try timed.verify(qaStatement, signature: try sign(qaStatement, with: qa), at: now) }
        // ssh-keygen agrees: at the same time, the expired key does not verify.
        let signature = try sign(statement, with: lead)
        let sigFile = try directory.write("expired.sig", signature)
        let signersFile = try directory.write("expired_signers", "lead@bbws.example valid-before=\"20261201Z\" \(lead.publicKeyLine)\n")
        let result = try SSHKeygen.run("ssh-keygen", ["-Y", "verify", "-f", signersFile.path, "-I", "lead@bbws.example", "-n", ApprovalStatement.namespace,
                                                      "-s", sigFile.path, "-Overify-time=20261202010030Z"], stdin: statement.canonicalData())
        #expect(result.status != 0)
        // …and before valid-before, both accept.
        #expect(try timed.verify(statement, signature: signature, at: Date(timeIntervalSince1970: 1_796_000_000)).principal == "lead@bbws.example")
    }

    @Test func aKeyLimitedToOtherNamespacesIsRefused() throws {
        let signers = try AllowedSigners(contents: "lead@bbws.example namespaces=\"git\" \(lead.publicKeyLine)\n", source: "approvers")
        let statement = Fixtures.statement()
        #expect(throws: ApprovalVerificationError.namespaceNotAllowedForKey(
            key: try SSHPublicKey(authorizedKeyLine: lead.publicKeyLine).displayName, namespace: "pipeline-approval", allowed: ["git"])) {
            try SSHIdentityVerifier(signers: signers).verify(statement, signature: try sign(statement, with: lead), at: now)
        }
    }

    @Test func wildcardAndNegatedPrincipals() throws {
        let signers = try AllowedSigners(contents: "!mallory@bbws.example,*@bbws.example \(lead.publicKeyLine)\n", source: "approvers")
        let patterned = SSHIdentityVerifier(signers: signers)
        let anyone = Fixtures.statement(approver: "po@bbws.example")
        #expect(try patterned.verify(anyone, signature: try sign(anyone, with: lead), at: now).principal == "po@bbws.example")
        let mallory = Fixtures.statement(approver: "mallory@bbws.example")
        #expect(throws: ApprovalVerificationError.self) { try patterned.verify(mallory, signature: try sign(mallory, with: lead), at: now) }
        let outsider = Fixtures.statement(approver: "lead@example.org")
        #expect(throws: ApprovalVerificationError.self) { try patterned.verify(outsider, signature: try sign(outsider, with: lead), at: now) }
    }

    @Test func garbageSignatureIsMalformed() throws {
        let statement = Fixtures.statement()
        let signature = try sign(statement, with: lead)
        for text in ["", "not a signature", String(signature.prefix(60))] {
            do {
                _ = try verifier.verify(statement, signature: text, at: now)
                Issue.record("accepted \(text)")
            } catch let error as ApprovalVerificationError {
                guard case .malformedSignature = error else { Issue.record("\(error)"); continue }
            }
        }
    }

    @Test func anInvalidStatementIsRefusedBeforeTheSignature() throws {
        let statement = Fixtures.statement(decision: .reject, reason: nil)
        #expect(throws: ApprovalVerificationError.malformedStatement("a reject decision needs a reason")) {
            try verifier.verify(statement, signature: "", at: now)
        }
    }
}
