import AWS
import Foundation
import TestTiers
import Testing

/// The aws-c-auth v4 suite (`shared/testdata/aws-sigv4-crt-test-suite`): header and query results of every case.
@Suite(.fast) struct SigV4CRTSuiteTests {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    @Test func everyCRTVectorPassesInHeaderAndQueryMode() throws {
        let root = try TestData.directory("aws-sigv4-crt-test-suite/v4")
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(names.count == 38, "the CRT suite holds 38 cases; found \(names.count)")
        var checked = 0
        for name in names {
            let folder = root.appendingPathComponent(name)
            func file(_ file: String) throws -> String { try TestData.text(folder.appendingPathComponent(file)) }
            let context = try JSONDecoder().decode(Context.self, from: Data(file("context.json").utf8))
            let date = try #require(ISO8601DateFormatter().date(from: context.timestamp), "\(name): timestamp")
            let credentials = AWSCredentials(
                accessKeyID: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token)
            let options = SigV4Signer.Options(
                normalizePath: context.normalize, signPayloadHeader: context.sign_body,
                omitSessionTokenFromSignature: context.omit_session_token ?? false)
            let signer = SigV4Signer(service: context.service, region: context.region, options: options)
            let raw = try RawHTTPRequest(file("request.txt"))

            var headerRequest = SigV4Fixtures.request(raw)
            let header = signer.sign(&headerRequest, credentials: credentials, date: date)
            #expect(header.canonicalRequest == (try file("header-canonical-request.txt")), "\(name): header canonical request")
            #expect(header.stringToSign == (try file("header-string-to-sign.txt")), "\(name): header string to sign")
            #expect(header.signature == (try file("header-signature.txt")).trimmingTrailingNewlines, "\(name): header signature")
            let headerSigned = raw.render(
                addedHeaders: header.addedHeaders.map { ($0.name, $0.value) }, addedQuery: nil, authorizationSpace: false)
            #expect(headerSigned.trimmingTrailingNewlines == (try file("header-signed-request.txt")).trimmingTrailingNewlines,
                    "\(name): header signed request")

            var queryRequest = SigV4Fixtures.request(raw)
            let query = signer.presign(&queryRequest, credentials: credentials, date: date, expires: context.expiration_in_seconds)
            #expect(query.canonicalRequest == (try file("query-canonical-request.txt")), "\(name): query canonical request")
            #expect(query.stringToSign == (try file("query-string-to-sign.txt")), "\(name): query string to sign")
            #expect(query.signature == (try file("query-signature.txt")).trimmingTrailingNewlines, "\(name): query signature")
            let added = query.addedQuery.map { SigV4Encoding.encode($0.name) + "=" + SigV4Encoding.encode($0.value ?? "") }
                .joined(separator: "&")
            let querySigned = raw.render(addedHeaders: [], addedQuery: added, authorizationSpace: false)
            #expect(querySigned.trimmingTrailingNewlines == (try file("query-signed-request.txt")).trimmingTrailingNewlines,
                    "\(name): query signed request")
            checked += 1
        }
        #expect(checked == names.count)
    }
}
