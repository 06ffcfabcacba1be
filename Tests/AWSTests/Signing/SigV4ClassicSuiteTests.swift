import AWS
import Foundation
import TestTiers
import Testing

/// The classic AWS SigV4 suite (`shared/testdata/aws-sigv4-test-suite`): every case, all five files.
@Suite(.fast) struct SigV4ClassicSuiteTests {
    static let sessionToken = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
    static let stsToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    @Test func everyClassicVectorPasses() throws {
        let root = try TestData.directory("aws-sigv4-test-suite")
        let cases = try SigV4Fixtures.classicCases(in: root)
        #expect(cases.count == 34, "the classic suite holds 34 cases; found \(cases.count)")
        for folder in cases {
            let name = folder.lastPathComponent
            func file(_ ext: String) throws -> String {
                try TestData.text(folder.appendingPathComponent("\(name).\(ext)"))
            }
            let raw = try RawHTTPRequest(file("req"))
            var request = SigV4Fixtures.request(raw)
            var credentials = SigV4Fixtures.credentials
            var options = SigV4Signer.Options(normalizePath: true)
            switch name {
            case "get-vanilla-with-session-token":
                credentials.sessionToken = Self.sessionToken
            case "post-sts-header-after":
                credentials.sessionToken = Self.stsToken
                options.omitSessionTokenFromSignature = true
            default:
                break
            }
            let signer = SigV4Signer(service: "service", region: "us-east-1", options: options)
            let result = signer.sign(&request, credentials: credentials, date: SigV4Fixtures.date)
            #expect(result.canonicalRequest == (try file("creq")), "\(name): canonical request")
            #expect(result.stringToSign == (try file("sts")), "\(name): string to sign")
            #expect(result.authorization == (try file("authz")), "\(name): authorization")
            if name == "get-vanilla-with-session-token" {
                // Skipped: this case's .sreq is wrong upstream (its Signature was copied from
                // get-vanilla; see the suite README). The .authz above, which agrees with the CRT
                // suite, is the checked result.
                continue
            }
            let rendered = raw.render(
                addedHeaders: result.addedHeaders.map { ($0.name, $0.value) }, addedQuery: nil, authorizationSpace: true)
            #expect(rendered.trimmingTrailingNewlines == (try file("sreq")).trimmingTrailingNewlines, "\(name): signed request")
        }
    }

    @Test func s3SignerDoesNotNormalizeOrDoubleEncode() throws {
        var request = AWSHTTPRequest(method: "GET", host: "bucket.s3.amazonaws.com", path: "/my-object//example//photo.user")
        let result = SigV4Signer.s3(region: "us-east-1").sign(&request, credentials: SigV4Fixtures.credentials, date: SigV4Fixtures.date)
        let uri = result.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[1]
        #expect(uri == "/my-object//example//photo.user")
        var encoded = AWSHTTPRequest(method: "GET", host: "bucket.s3.amazonaws.com", path: "/a b/%41")
        let second = SigV4Signer.s3(region: "us-east-1").sign(&encoded, credentials: SigV4Fixtures.credentials, date: SigV4Fixtures.date)
        #expect(second.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[1] == "/a%20b/%2541")
        #expect(encoded.headers["x-amz-content-sha256"] == SigV4Signer.emptyPayloadHash)
        #expect(second.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
    }
}
