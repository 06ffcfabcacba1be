import Foundation
import PipelineEngine
import PipelineModel
import Synchronization
import TestTiers
import Testing

@Suite(.fast) struct SecretMaskerTests {
    let secret = "tok/9f+8e 7d&6c<5b>\"4a'ü"

    @Test func masksTheValueAndEachEncodingOfIt() throws {
        let masker = SecretMasker([secret])
        let json = String(decoding: try JSONEncoder().encode([secret]), as: UTF8.self)  // escapes "/" as "\/"
        let quoted = String(decoding: try JSONSerialization.data(withJSONObject: [secret], options: [.withoutEscapingSlashes]), as: UTF8.self)
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let percent = try #require(secret.addingPercentEncoding(withAllowedCharacters: allowed))
        let plus = percent.replacingOccurrences(of: "%20", with: "+")
        let xml = "tok/9f+8e 7d&amp;6c&lt;5b&gt;&quot;4a&apos;ü"
        let hex = Data(secret.utf8).map { String(format: "%02x", $0) }.joined()
        for (name, text) in [("raw", "a \(secret) b"), ("JSON", json), ("JSON without \\/", quoted), ("URL %20", "q=\(percent)&x"),
                             ("URL +", "q=\(plus)"), ("XML", "<v>\(xml)</v>"), ("hex", "h=\(hex)"), ("HEX", "h=\(hex.uppercased())")] {
            let masked = masker.mask(text)
            #expect(masked.contains("***"), "\(name): \(masked)")
            #expect(!masked.contains("9f+8e") && !masked.contains("9f%2B8e") && !masked.contains("39662b3865") && !masked.contains("39662B3865"), "\(name): \(masked)")
        }
        #expect(masker.mask("nothing to see") == "nothing to see")
    }

    /// What most HTTP clients write: `/` left as it is (Python's `urllib.parse.quote`, whose
    /// default keeps it; session tokens are full of `/`).
    @Test func masksTheURLEncodingThatLeavesSlashes() throws {
        let masker = SecretMasker([secret])
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
        let percent = try #require(secret.addingPercentEncoding(withAllowedCharacters: allowed))
        #expect(percent.hasPrefix("tok/9f%2B8e"))
        for text in ["GET /x?token=\(percent)&y=1", "token=\(percent.replacingOccurrences(of: "%20", with: "+"))"] {
            let masked = masker.mask(text)
            #expect(masked.contains("***") && !masked.contains("9f%2B8e"), "\(masked)")
        }
    }

    @Test func masksBase64AtEveryOffsetInAStream() {
        let masker = SecretMasker([secret])
        for prefix in ["", "a", "ab", "abc", "abcd"] {
            for suffix in ["", "x", "xy"] {
                let encoded = Data((prefix + secret + suffix).utf8).base64EncodedString()
                let masked = masker.mask("payload: \(encoded)")
                #expect(masked.contains("***"), "prefix \(prefix.count), suffix \(suffix.count): \(masked)")
                // What is left is the encoding of the bytes around the secret: at most the
                // characters of the prefix's and the suffix's groups and the padding.
                let visible = masked.replacingOccurrences(of: "payload: ", with: "").replacingOccurrences(of: "***", with: "")
                #expect(visible.count <= 16, "prefix \(prefix.count), suffix \(suffix.count): \(masked)")
            }
        }
    }

    @Test func masksEveryLineOfAMultiLineSecret() {
        let pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\r\nAAAAMwAAAAtzc2gtZWQyNTUxOQ\n-----END OPENSSH PRIVATE KEY-----\n"
        let masker = SecretMasker([pem])
        #expect(masker.mask(pem) == "***\n")
        #expect(masker.mask("line: b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ") == "line: ***")
        #expect(masker.mask("  AAAAMwAAAAtzc2gtZWQyNTUxOQ  ") == "  ***  ")
        let json = String(decoding: try! JSONEncoder().encode(pem), as: UTF8.self)
        #expect(masker.mask(json) == "\"***\\n\"")
        let base64 = Data("AAAAMwAAAAtzc2gtZWQyNTUxOQ".utf8).base64EncodedString()
        #expect(masker.mask(base64).contains("***"))
    }

    @Test func longestFirstAndOverlapsMaskTheirUnion() {
        let masker = SecretMasker(["abcdef", "abcdefghij", "ghijklmn"])
        #expect(masker.mask("xx abcdefghij yy") == "xx *** yy")
        // "abcdefghij" and "ghijklmn" overlap in "ghij": both hidden, as one mask.
        #expect(masker.mask("abcdefghijklmn!") == "***!")
        #expect(masker.mask("abcdef abcdef") == "*** ***")
        // Adjacent, not overlapping: two masks.
        #expect(masker.mask("abcdefabcdef") == "******")
    }

    @Test func shortValuesAreRefusedAndSaidSo() {
        let masker = SecretMasker()
        #expect(masker.register("abc") == .tooShort)
        #expect(masker.register("   ") == .empty)
        #expect(masker.register(" abcd ") == .registered)
        #expect(masker.register("abcd") == .known)
        #expect(masker.mask("abc abcd") == "abc ***")
        // A 4- or 5-byte value gets no base64 forms (they would be 2-6 characters of noise).
        #expect(!SecretForms.of("abcde").contains { $0.count < 4 })
        #expect(SecretForms.of("abcde").contains(Data("abcde".utf8).base64EncodedString()) == false)
        #expect(SecretForms.of("abcdef").contains("YWJjZGVm"))
    }

    @Test func manySecretsAreMaskedInOnePass() {
        let secrets = (0..<500).map { "secret-\($0)-\(UUID().uuidString)" }
        let masker = SecretMasker(secrets)
        let text = secrets.enumerated().map { "line \($0.offset): \($0.element) and \(Data($0.element.utf8).base64EncodedString())" }
            .joined(separator: "\n")
        let masked = masker.mask(text)
        #expect(!secrets.contains { masked.contains($0) })
        #expect(masked.components(separatedBy: "***").count - 1 == 1000)
        #expect(masked.hasPrefix("line 0: *** and ***\nline 1: "))
    }

    @Test func masksEventFieldsAndTellsObservers() {
        let masker = SecretMasker()
        let seen = SeenValues()
        masker.onRegister { seen.add($0) }
        masker.register("hunter22")
        var event = PipelineEvent(kind: .stepOutput, runID: "r", stage: "stage hunter22", step: "step hunter22", message: "pw hunter22",
                                  details: ["k": "v hunter22"])
        event.rule = "rule hunter22"
        let masked = masker.mask(event)
        #expect(masked.stage == "stage ***" && masked.step == "step ***" && masked.message == "pw ***")
        #expect(masked.details == ["k": "v ***"] && masked.rule == "rule ***")
        #expect(seen.values == ["hunter22"])
    }
}

final class SeenValues: Sendable {
    private let storage = Mutex<[String]>([])
    func add(_ value: String) { storage.withLock { $0.append(value) } }
    var values: [String] { storage.withLock { $0 } }
}

extension SecretMaskerTests {
    /// Registering one secret at a time, masking between registrations (each compiles new
    /// forms into a layer of their own, merged with others now and then): every value
    /// registered so far is masked, overlapping matches from different layers as one.
    @Test func secretsRegisteredOneAtATimeAreAllMaskedAcrossLayers() {
        let masker = SecretMasker()
        var values: [String] = []
        for index in 0..<300 {
            let value = "token-\(index)-\(String(index * 7919, radix: 36))-end"
            values.append(value)
            #expect(masker.register(value) == .registered)
            let text = "a \(values[index / 2]) b \(value) c"
            #expect(masker.mask(text) == "a *** b *** c", "\(index)")
        }
        #expect(masker.mask(values.joined(separator: " ")) == Array(repeating: "***", count: values.count).joined(separator: " "))
        // Two overlapping values registered far apart (different layers) are masked as one.
        #expect(masker.register("overlap-AAAA-BBBB") == .registered)
        for index in 0..<40 { masker.register("filler-secret-\(index)") }
        #expect(masker.register("BBBB-CCCC-overlap") == .registered)
        #expect(masker.mask("x overlap-AAAA-BBBB-CCCC-overlap y") == "x *** y")
    }
}
