import AWS
import Foundation
import TestTiers
import Testing

/// Our signer beside botocore's on random requests: the `Authorization` headers must be equal
/// byte for byte, for a non-S3 service (path normalised and encoded twice) and for S3.
@Suite(.integration) struct SigV4BotocoreDifferentialTests {
    static let caseCount = 400
    static let amzDate = "20150830T123600Z"

    /// A seeded generator (SplitMix64), so the cases are the same on every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    }

    static let pathPieces = ["a", "b c", "function:alias", "ሴ", "é", "日本", "%", "%41", "+", " ", ".", "..", "", "~user",
                             "x=y&z", "@!$'()*,;", "[]", "#frag", "?q", "Ω≈", "-_.", "a+b", "%2F", "tab\there"]
    static let queryPieces = ["a", "A", "b", "", "x y", "ሴ", "%", "+", "=", "&", "/", "a/b", "~", "é", "*", "Value%3A3",
                              "-_.~", "[1]", "日本"]
    static let headerNames = ["X-Custom", "x-custom", "X-CUSTOM", "Content-Type", "X-Amz-Meta-Note", "x-amz-meta-note",
                              "X-Amz-Target", "Accept", "Range", "Connection", "Keep-Alive", "TE", "Upgrade",
                              "User-Agent", "Expect", "Transfer-Encoding", "X-Amzn-Trace-Id", "Trailer"]
    static let headerValues = ["value", "  leading", "trailing  ", "a   b", "a\tb", "folded\n  line", "multi\n\tline\n two",
                               "", "   ", "MiXeD CaSe", "application/x-amz-json-1.0", "bytes=0-9", "a,b", "\"quoted  value\""]

    static func makeCase(_ random: inout Generator, index: Int) -> (request: AWSHTTPRequest, signer: SigV4Signer,
                                                                     credentials: AWSCredentials, service: String) {
        let service = index % 3 == 0 ? "s3" : (index % 3 == 1 ? "lambda" : "execute-api")
        let host = service == "s3" ? "examplebucket.s3.amazonaws.com" : "\(service).us-east-1.amazonaws.com"
        var path = ""
        for _ in 0..<random.int(0...5) {
            path += "/" + random.pick(pathPieces)
            if random.chance(15) { path += "/" }
        }
        if path.isEmpty || random.chance(10) { path += "/" }
        var query: [AWSQueryItem] = []
        for _ in 0..<random.int(0...5) {
            let name = random.chance(30) && !query.isEmpty ? query[random.int(0...(query.count - 1))].name : random.pick(queryPieces)
            let value: String? = random.chance(15) ? nil : random.pick(queryPieces) + (random.chance(30) ? random.pick(queryPieces) : "")
            query.append(AWSQueryItem(name, value))
        }
        var headers = AWSHTTPHeaders()
        for _ in 0..<random.int(0...6) { headers.add(random.pick(headerNames), random.pick(headerValues)) }
        var body = Data()
        if random.chance(60) { for _ in 0..<random.int(0...64) { body.append(UInt8(truncatingIfNeeded: random.next())) } }
        let method = random.pick(["GET", "PUT", "POST", "DELETE", "HEAD"])
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: random.chance(30) ? "session/token+\(index)==" : nil)
        let request = AWSHTTPRequest(method: method, host: host, path: path, query: query, headers: headers, body: body)
        let signer = service == "s3" ? SigV4Signer.s3(region: "us-east-1") : SigV4Signer(service: service, region: "us-east-1")
        return (request, signer, credentials, service)
    }

    @Test func authorizationMatchesBotocoreByteForByte() throws {
        var random = Generator(state: 20_150_830)
        let date = try #require(SigV4Encoding.parseAmzDate(Self.amzDate))
        var ours: [(authorization: String, canonical: String, summary: String)] = []
        var cases: [[String: Any]] = []
        for index in 0..<Self.caseCount {
            let made = Self.makeCase(&random, index: index)
            // botocore gets the URL as it is sent: our wire path and encoded query.
            var url = "https://\(made.request.host)\(made.request.wirePath)"
            if !made.request.query.isEmpty { url += "?" + made.request.encodedQuery }
            cases.append([
                "service": made.service, "region": "us-east-1", "method": made.request.method, "url": url,
                "headers": made.request.headers.fields.map { [$0.name, $0.value] },
                "body_base64": made.request.body.base64EncodedString(), "access_key": made.credentials.accessKeyID,
                "secret_key": made.credentials.secretAccessKey, "session_token": made.credentials.sessionToken ?? NSNull(),
                "amz_date": Self.amzDate,
            ])
            var request = made.request
            let result = made.signer.sign(&request, credentials: made.credentials, date: date)
            ours.append((result.authorization ?? "", result.canonicalRequest, "\(made.service) \(made.request.method) \(url)"))
        }
        let theirs = try BotocoreSigner.sign(cases)
        var mismatches = 0
        for (index, expected) in theirs.enumerated() {
            let error = expected["error"] as? String
            #expect(error == nil, "case \(index): botocore failed: \(error ?? "")")
            let authorization = expected["authorization"] as? String ?? ""
            if authorization != ours[index].authorization {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("""
                    case \(index) (\(ours[index].summary)): Authorization differs
                    ours:     \(ours[index].authorization)
                    botocore: \(authorization)
                    our canonical request:
                    \(ours[index].canonical)
                    botocore's:
                    \(expected["canonical_request"] as? String ?? "")
                    """)
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(Self.caseCount) signatures differ from botocore's")
        #expect(theirs.count == Self.caseCount)
    }

    @Test func nonS3PathsAreSignedEncodedTwiceAndS3PathsOnce() {
        let credentials = SigV4Fixtures.credentials
        var lambda = AWSHTTPRequest(method: "POST", host: "lambda.us-east-1.amazonaws.com",
                                    path: "/2015-03-31/functions/my-function:prod/invocations")
        let signed = SigV4Signer(service: "lambda", region: "us-east-1").sign(&lambda, credentials: credentials, date: SigV4Fixtures.date)
        #expect(lambda.wirePath == "/2015-03-31/functions/my-function%3Aprod/invocations")
        #expect(signed.canonicalRequest.split(separator: "\n")[1] == "/2015-03-31/functions/my-function%253Aprod/invocations")

        var object = AWSHTTPRequest(method: "GET", host: "bucket.s3.amazonaws.com", path: "/a:b/c d/./ሴ")
        let s3 = SigV4Signer.s3(region: "us-east-1").sign(&object, credentials: credentials, date: SigV4Fixtures.date)
        #expect(s3.canonicalRequest.split(separator: "\n")[1] == "/a%3Ab/c%20d/./%E1%88%B4")
        #expect(object.urlText == "https://bucket.s3.amazonaws.com/a%3Ab/c%20d/./%E1%88%B4")

        // A path given as sent is sent as is, and signed encoded once more.
        var raw = AWSHTTPRequest(method: "GET", host: "execute-api.us-east-1.amazonaws.com", rawPath: "/stage/a%2Fb")
        let rawSigned = SigV4Signer(service: "execute-api", region: "us-east-1").sign(&raw, credentials: credentials,
                                                                                   date: SigV4Fixtures.date)
        #expect(raw.urlText == "https://execute-api.us-east-1.amazonaws.com/stage/a%2Fb")
        #expect(rawSigned.canonicalRequest.split(separator: "\n")[1] == "/stage/a%252Fb")
    }
}
