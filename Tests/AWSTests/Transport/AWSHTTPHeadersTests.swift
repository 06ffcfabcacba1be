import AWS
import TestTiers
import Testing

@Suite(.fast) struct AWSHTTPHeadersTests {
    @Test func setReplacesEveryFieldOfTheNameAndLookupIgnoresCase() {
        var headers = AWSHTTPHeaders([("A", "1"), ("b", "2"), ("a", "3")])
        headers.set("A", "9")
        #expect(headers.fields == [.init(name: "A", value: "9"), .init(name: "b", value: "2")])
        headers.set("c", "4")
        #expect(headers["C"] == "4" && headers.contains("B"))
        headers.remove("a")
        #expect(!headers.contains("A") && headers.fields.count == 2)
    }

    @Test func redactorMasksSecretsAndSignatures() {
        let text = "key AKIAEXAMPLE1234 secret s3cr3t-value Signature=0123456789abcdef0123456789abcdef X-Amz-Signature=deadbeefdeadbeefdeadbeef ok=1"
        let redacted = Redactor.redact(text, secrets: ["AKIAEXAMPLE1234", "s3cr3t-value", "ab"])
        #expect(redacted == "key **** secret **** Signature=**** X-Amz-Signature=**** ok=1")
    }
}
