import ApprovalSignatures
import Foundation
import PipelineTesting
import TestTiers
import Testing

@Suite(.integration) struct AllowedSignersTests {
    let directory: TemporaryDirectory
    let ed: SSHKeygen.KeyPair
    let ec: SSHKeygen.KeyPair

    init() throws {
        directory = try TemporaryDirectory(prefix: "allowed-signers")
        ed = try SSHKeygen.makeKey("ed25519", in: directory.url, name: "ed", comment: "lead laptop")
        ec = try SSHKeygen.makeKey("ecdsa", bits: 256, in: directory.url, name: "ec")
    }

    @Test func aGoodFileParsesEveryForm() throws {
        let contents = """
            # team keys

            lead@bbws.example \(ed.publicKeyLine)
            qa@bbws.example,"qa-lead@bbws.example" namespaces="pipeline-approval,git",valid-after="20260101",valid-before="202701011200Z" \(ec.publicKeyLine)
            \t"po@bbws.example"   NAMESPACES="pipeline-*" \(ec.publicKeyLine)\r
            *@ops.bbws.example \(ed.publicKeyLine)
            """
        let signers = try AllowedSigners(contents: contents, source: ".pipeline/allowed_signers")
        try #require(signers.entries.count == 4)
        let first = signers.entries[0]
        #expect(first.principals == ["lead@bbws.example"])
        #expect(first.line == 3)
        #expect(first.namespaces == nil)
        #expect(first.key == (try SSHPublicKey(authorizedKeyLine: ed.publicKeyLine)))
        let second = signers.entries[1]
        // As in OpenSSH, only a leading quote quotes the field: this one's second principal keeps its quotes.
        #expect(second.principals == ["qa@bbws.example", "\"qa-lead@bbws.example\""])
        #expect(second.namespaces == ["pipeline-approval", "git"])
        #expect(second.validBefore == Date(timeIntervalSince1970: 1_798_804_800))  // 2027-01-01T12:00:00Z
        #expect(second.validAfter != nil)
        #expect(signers.entries[2].principals == ["po@bbws.example"])
        #expect(signers.entries[2].namespaces == ["pipeline-*"])
        #expect(signers.entries[3].line == 6)

        let ecKey = try SSHPublicKey(authorizedKeyLine: ec.publicKeyLine)
        let at = Fixtures.issuedAt
        #expect(Set(signers.principals(for: ecKey, namespace: "pipeline-approval", at: at)).isSuperset(of: ["qa@bbws.example", "po@bbws.example"]))
        #expect(signers.principals(for: ecKey, namespace: "file", at: at).isEmpty)
        #expect(signers.principals(for: ecKey, namespace: "pipeline-approval", at: Date(timeIntervalSince1970: 1_900_000_000)) == ["po@bbws.example"])
        let edKey = try SSHPublicKey(authorizedKeyLine: ed.publicKeyLine)
        #expect(signers.principals(for: edKey, namespace: "anything", at: at) == ["lead@bbws.example", "*@ops.bbws.example"])
        #expect(signers.entries[3].allows(principal: "deploy@ops.bbws.example"))
        #expect(!signers.entries[3].allows(principal: "deploy@ops.bbws.example.evil"))
    }

    @Test func quotedPrincipalsMayHoldSpaces() throws {
        let signers = try AllowedSigners(contents: "\"Lead Developer,qa\" \(ed.publicKeyLine)\n", source: "s")
        #expect(signers.entries[0].principals == ["Lead Developer", "qa"])
    }

    @Test func principalsMatchLikeOpenSSH() throws {
        // The same file and principals through ssh-keygen -Y find-principals and through ours.
        let contents = "!mallory@*,*@bbws.example,ci-?? \(ed.publicKeyLine)\n"
        let signers = try AllowedSigners(contents: contents, source: "s")
        let file = try directory.write("patterns", contents)
        let signature = try SSHSigner.sign(Data("m".utf8), keyFile: ed.privateKeyPath)
        let sigFile = try directory.write("m.sig", signature)
        for name in ["lead@bbws.example", "mallory@bbws.example", "ci-01", "ci-001", "lead@bbws.example.org", "x"] {
            let ours = signers.entries[0].allows(principal: name)
            let result = try SSHKeygen.run("ssh-keygen", ["-Y", "verify", "-f", file.path, "-I", name, "-n", ApprovalStatement.namespace, "-s", sigFile.path],
                                           stdin: Data("m".utf8))
            #expect(ours == (result.status == 0), "\(name): ours \(ours), ssh-keygen \(result.status)")
        }
    }

    @Test(arguments: [
        ("lead@bbws.example", "no key after principals"),
        ("lead@bbws.example ssh-ed25519", "expected \"<type> <base64> [comment]\""),
        ("lead@bbws.example ssh-ed25519 !!notbase64!!", "not base64"),
        ("lead@bbws.example cert-authority KEY", "cert-authority is not supported"),
        ("lead@bbws.example namespaces=git KEY", "needs a double-quoted value"),
        ("lead@bbws.example namespaces=\"git KEY", "unterminated quote"),
        ("\"lead@bbws.example KEY", "unterminated quote"),
        ("lead@bbws.example,,qa KEY", "empty principal"),
        ("lead@bbws.example permit-pty KEY", "unknown option \"permit-pty\""),
        ("lead@bbws.example valid-before=\"2026-12-01\" KEY", "valid-before=\"2026-12-01\" is not YYYYMMDD"),
        ("lead@bbws.example valid-after=\"20261301\" KEY", "is not YYYYMMDD"),
        ("lead@bbws.example valid-after=\"20270101Z\",valid-before=\"20260101Z\" KEY", "valid-before is earlier than valid-after"),
        ("lead@bbws.example sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIA==", "unsupported: key type sk-ssh-ed25519@openssh.com"),
        ("lead@bbws.example ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIA==", "malformed"),
    ])
    func eachBadLineNamesSourceAndLine(_ line: String, _ expected: String) throws {
        let text = line.replacingOccurrences(of: "KEY", with: ed.publicKeyLine)
        let contents = "# header\nqa@bbws.example \(ec.publicKeyLine)\n\(text)\nlast@bbws.example \(ed.publicKeyLine)\n"
        do {
            _ = try AllowedSigners(contents: contents, source: "ci/allowed_signers")
            Issue.record("accepted \(text)")
        } catch let error as ApprovalVerificationError {
            #expect(error.description.hasPrefix("ci/allowed_signers:3: "), "\(error)")
            #expect(error.description.contains(expected), "\(error)")
            #expect(error.isUserError)
        }
    }

    @Test func localTimesWithoutZoneUseTheLocalZoneLikeOpenSSH() throws {
        let signers = try AllowedSigners(contents: "a valid-before=\"20261202\" \(ed.publicKeyLine)\n", source: "s")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        #expect(signers.entries[0].validBefore == calendar.date(from: DateComponents(year: 2026, month: 12, day: 2)))
    }
}
