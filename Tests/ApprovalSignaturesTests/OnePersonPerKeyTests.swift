import ApprovalSignatures
import Foundation
import TestTiers
import Testing

/// One key is one person: a key that could speak for several approvers is refused when the
/// keys are loaded, with its line, never counted twice.
@Suite(.fast) struct OnePersonPerKeyTests {
    static let one = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICsUp2raotMXcOUH3CCjxONp4rd3g3iPgcGU9ixV3qK8"
    static let two = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINhuDgD06DSIpGpshEpCxGC1B5DsQyZ4+rWq7UJn0xel"

    func refusal(_ contents: String, after earlier: AllowedSigners? = nil) throws -> (line: Int, reason: String)? {
        let signers = try AllowedSigners(contents: contents, source: "approvers/allowed_signers")
        do {
            try signers.requireOnePersonPerKey(after: earlier)
            return nil
        } catch let ApprovalVerificationError.ambiguousSigner(source, line, reason) {
            #expect(source == "approvers/allowed_signers")
            return (line, reason)
        }
    }

    @Test func oneKeyPerPersonIsAccepted() throws {
        #expect(try refusal("lead@bbws.example \(Self.one)\n# a comment\nqa@bbws.example namespaces=\"pipeline-approval\" \(Self.two)\n") == nil)
        // The same key listed twice for the same person (e.g. two namespaces) is still one person.
        #expect(try refusal("lead@bbws.example \(Self.one)\nlead@bbws.example namespaces=\"git\" \(Self.one)") == nil)
    }

    @Test(arguments: ["*", "*@bbws.example", "lead@bbws.exampl?", "!qa@bbws.example"])
    func aPrincipalPatternIsRefusedWithItsLine(_ pattern: String) throws {
        let refused = try #require(try refusal("qa@bbws.example \(Self.two)\n\(pattern) \(Self.one)"))
        #expect(refused.line == 2)
        #expect(refused.reason.contains("\"\(pattern)\" is a pattern"), "\(refused.reason)")
    }

    @Test func aKeyForSeveralPrincipalsIsRefused() throws {
        let refused = try #require(try refusal("\"lead@bbws.example,qa@bbws.example,po@bbws.example\" \(Self.one)"))
        #expect(refused.line == 1)
        #expect(refused.reason.contains("listed for 3 principals"), "\(refused.reason)")
    }

    @Test func oneKeyUnderTwoNamesIsRefusedHereOrAcrossLists() throws {
        let refused = try #require(try refusal("lead@bbws.example \(Self.one)\nqa@bbws.example \(Self.two)\nops@bbws.example \(Self.one)"))
        #expect(refused.line == 3)
        #expect(refused.reason.contains("listed for 'ops@bbws.example', and already for 'lead@bbws.example' at approvers/allowed_signers:1"), "\(refused.reason)")
        let declared = try AllowedSigners(contents: "\"po@bbws.example\" \(Self.two)", source: "the keys in Approvers")
        let across = try #require(try refusal("qa@bbws.example \(Self.two)", after: declared))
        #expect(across.reason.contains("already for 'po@bbws.example' at the keys in Approvers:1"), "\(across.reason)")
        let message = "\(ApprovalVerificationError.ambiguousSigner(source: "f", line: 3, reason: "r"))"
        #expect(message.hasPrefix("f:3: r; one key is one person"), "\(message)")
    }
}
