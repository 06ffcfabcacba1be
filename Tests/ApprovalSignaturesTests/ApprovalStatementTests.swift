import ApprovalSignatures
import Crypto
import Foundation
import TestTiers
import Testing

@Suite(.fast) struct ApprovalStatementTests {
    static let golden = #"{"approver":"lead@bbws.example","commit":"4f2c9a1e0b7d3c5a6e8f9a0b1c2d3e4f5a6b7c8d","decision":"approve","environment":"prod","issuedAt":"2026-12-02T01:00:00Z","nonce":"00112233445566778899aabbccddeeff","pipeline":"bbws-infrastructure","planHash":"9c1d3e","role":"Tech Lead","run":"r-20261202-1","stage":"prod","version":1}"#

    @Test func canonicalFormIsTheExactGoldenBytes() {
        #expect(String(decoding: Fixtures.statement().canonicalData(), as: UTF8.self) == Self.golden)
    }

    @Test func digestIsSHA256OfTheCanonicalBytes() {
        let expected = SHA256.hash(data: Data(Self.golden.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(Fixtures.statement().digest == expected)
        #expect(Fixtures.statement().digest.count == 64)
    }

    @Test func nilFieldsAreOmittedAndStringsEscaped() {
        var statement = Fixtures.statement(commit: nil, planHash: nil, decision: .reject, reason: "plan deletes \"prod\" table\n/tmp\\x")
        statement.environment = nil
        let text = String(decoding: statement.canonicalData(), as: UTF8.self)
        #expect(!text.contains("commit") && !text.contains("planHash") && !text.contains("environment"))
        #expect(text.contains(#""reason":"plan deletes \"prod\" table\n/tmp\\x""#))
        #expect(text.contains(#""decision":"reject""#))
    }

    @Test func parseRoundTripsTheCanonicalForm() throws {
        let statement = Fixtures.statement(decision: .reject, reason: "ünïcode, \u{1} control")
        let parsed = try ApprovalStatement.parse(canonical: statement.canonicalData())
        #expect(parsed == statement)
    }

    @Test func parseRefusesReorderedKeys() {
        let reordered = Self.golden.replacingOccurrences(of: #"{"approver":"lead@bbws.example","commit""#, with: #"{"commit""#)
            .replacingOccurrences(of: #","version":1}"#, with: #","version":1,"approver":"lead@bbws.example"}"#)
        #expect(reordered != Self.golden)
        #expect(throws: ApprovalVerificationError.nonCanonicalStatement) { try ApprovalStatement.parse(canonical: Data(reordered.utf8)) }
    }

    @Test func parseRefusesWhitespaceEscapesAndDuplicates() {
        let variants = [
            Self.golden.replacingOccurrences(of: #""run":"#, with: #""run": "#),
            Self.golden + "\n",
            Self.golden.replacingOccurrences(of: "bbws-infrastructure", with: #"bbws\u002dinfrastructure"#),
        ]
        for variant in variants {
            #expect(throws: ApprovalVerificationError.nonCanonicalStatement, "\(variant)") { try ApprovalStatement.parse(canonical: Data(variant.utf8)) }
        }
        // Refused either as non-canonical or as malformed, never accepted.
        for variant in [Self.golden.replacingOccurrences(of: #""version":1}"#, with: #""version":1,"version":1}"#),
                        Self.golden.replacingOccurrences(of: #""version":1"#, with: #""version":1.0"#)] {
            #expect(throws: ApprovalVerificationError.self, "\(variant)") { try ApprovalStatement.parse(canonical: Data(variant.utf8)) }
        }
    }

    @Test func parseNamesTheBadField() {
        func reason(_ text: String) -> String {
            do {
                _ = try ApprovalStatement.parse(canonical: Data(text.utf8))
                return "accepted"
            } catch { return "\(error)" }
        }
        #expect(reason(Self.golden.replacingOccurrences(of: #","version":1}"#, with: #","version":1,"zzz":"x"}"#)).contains("unknown field \"zzz\""))
        #expect(reason(Self.golden.replacingOccurrences(of: #""approver":"lead@bbws.example","#, with: "")).contains("missing field \"approver\""))
        #expect(reason(Self.golden.replacingOccurrences(of: "2026-12-02T01:00:00Z", with: "2026-12-02T01:00:00.5Z")).contains("issuedAt"))
        #expect(reason(Self.golden.replacingOccurrences(of: #""version":1"#, with: #""version":2"#)).contains("version is 2"))
        #expect(reason(Self.golden.replacingOccurrences(of: "00112233445566778899aabbccddeeff", with: "00112233")).contains("nonce"))
        #expect(reason(Self.golden.replacingOccurrences(of: #""decision":"approve""#, with: #""decision":"reject""#)).contains("needs a reason"))
        #expect(reason("[1,2]").contains("not a JSON object"))
        #expect(reason("{").contains("not JSON"))
    }

    @Test func codableUsesTheSameFieldsAsTheCanonicalForm() throws {
        let statement = Fixtures.statement()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let encoded = try encoder.encode(statement)
        #expect(try JSONDecoder().decode(ApprovalStatement.self, from: encoded) == statement)
        #expect(try ApprovalStatement.parse(canonical: encoded) == statement)
    }

    @Test func noncesAreRandom32LowercaseHex() {
        let nonces = (0..<50).map { _ in ApprovalStatement.makeNonce() }
        #expect(Set(nonces).count == 50)
        #expect(nonces.allSatisfy { $0.count == 32 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
    }

    @Test func issuedAtIsTruncatedToWholeSeconds() {
        let statement = ApprovalStatement(pipeline: "p", run: "r", stage: "s", role: "R", approver: "a",
                                          issuedAt: Date(timeIntervalSince1970: 1_796_173_200.75))
        #expect(statement.issuedAt == Fixtures.issuedAt)
        #expect(String(decoding: statement.canonicalData(), as: UTF8.self).contains(#""issuedAt":"2026-12-02T01:00:00Z""#))
    }
}
