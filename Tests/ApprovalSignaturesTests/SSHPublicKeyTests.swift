import ApprovalSignatures
import Foundation
import PipelineTesting
import TestTiers
import Testing

@Suite struct SSHPublicKeyTests {
    @Test(.integration, arguments: [("ed25519", nil), ("ecdsa", 256), ("ecdsa", 384), ("ecdsa", 521), ("rsa", 2048)] as [(String, Int?)])
    func fingerprintIsWhatSSHKeygenPrints(_ type: String, _ bits: Int?) throws {
        let directory = try TemporaryDirectory(prefix: "ssh-key")
        let pair = try SSHKeygen.makeKey(type, bits: bits, in: directory.url, name: "k", comment: "someone@host with spaces")
        let key = try SSHPublicKey(authorizedKeyLine: pair.publicKeyLine)
        #expect(key.fingerprint == (try SSHKeygen.fingerprint(of: pair.publicKeyPath)))
        #expect(pair.publicKeyLine.hasPrefix(key.authorizedKeyLine + " "))
        #expect(!key.authorizedKeyLine.contains("someone"))
        #expect(pair.publicKeyLine.hasPrefix(key.algorithm + " "))
        let encoded = try JSONEncoder().encode([key])
        #expect(try JSONDecoder().decode([SSHPublicKey].self, from: encoded) == [key])
    }

    @Test(.fast) func malformedLinesAreRefusedWithTheReason() throws {
        let cases: [(String, String)] = [
            ("", "expected \"<type> <base64> [comment]\""),
            ("ssh-ed25519", "expected"),
            ("ssh-ed25519 @@@", "not base64"),
            ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", "truncated"),
            ("ssh-dss AAAAB3NzaC1kc3M=", "unsupported: key type ssh-dss"),
            ("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl", "says ssh-rsa but the key data is ssh-ed25519"),
            ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAAQA=", "not a valid key"),
        ]
        for (line, expected) in cases {
            do {
                _ = try SSHPublicKey(authorizedKeyLine: line)
                Issue.record("accepted \(line)")
            } catch let error as ApprovalVerificationError {
                #expect(error.description.contains(expected), "\(line): \(error)")
            }
        }
    }
}
