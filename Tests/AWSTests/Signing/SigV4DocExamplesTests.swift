import AWS
import Foundation
import TestTiers
import Testing

/// The worked examples from the AWS documentation (`shared/testdata/aws-sigv4-doc-examples`).
@Suite(.fast) struct SigV4DocExamplesTests {
    struct S3File: Decodable {
        struct Case: Decodable {
            struct Request: Decodable {
                var method: String
                var host: String
                var path: String
                var query: [[String?]]
                var headers: [[String]]
                var body: String?
            }
            struct Chunk: Decodable {
                var data_length: Int
                var previous_signature: String
                var string_to_sign: String
                var signature: String
                var chunk_header: String
            }
            var name: String
            var mode: String
            var request: Request
            var expires_in_seconds: Int?
            var payload_hash: String
            var canonical_request: String
            var string_to_sign: String
            var signature: String
            var authorization: String?
            var presigned_url: String?
            var chunks: [Chunk]?
        }
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
        }
        var credentials: Credentials
        var region: String
        var x_amz_date: String
        var cases: [Case]
    }

    static func request(_ spec: S3File.Case.Request, bodyIsData: Bool) -> AWSHTTPRequest {
        AWSHTTPRequest(
            method: spec.method, host: spec.host, path: spec.path,
            query: spec.query.map { AWSQueryItem($0[0] ?? "", $0.count > 1 ? $0[1] : nil) },
            headers: AWSHTTPHeaders(spec.headers.map { ($0[0], $0[1]) }),
            body: bodyIsData ? Data((spec.body ?? "").utf8) : Data())
    }

    @Test func s3WorkedExamples() throws {
        let url = try TestData.directory("aws-sigv4-doc-examples").appendingPathComponent("s3-sigv4-examples.json")
        let file = try JSONDecoder().decode(S3File.self, from: Data(contentsOf: url))
        #expect(file.cases.count == 6)
        let credentials = AWSCredentials(accessKeyID: file.credentials.access_key_id,
                                         secretAccessKey: file.credentials.secret_access_key)
        let date = try #require(SigV4Encoding.parseAmzDate(file.x_amz_date))
        let signer = SigV4Signer.s3(region: file.region)
        for example in file.cases {
            let chunked = example.chunks != nil
            var request = Self.request(example.request, bodyIsData: !chunked)
            let result: SigV4Signer.Result
            if example.mode == "query" {
                result = signer.presign(&request, credentials: credentials, date: date,
                                        expires: example.expires_in_seconds ?? 3600)
                // The documented URL orders X-Amz-Expires before X-Amz-SignedHeaders; the CRT suite
                // the other way round. Order does not change the signature, so compare as sets.
                let expected = try #require(URLComponents(string: example.presigned_url ?? ""))
                let actual = try #require(URLComponents(url: request.url, resolvingAgainstBaseURL: false))
                #expect(actual.host == expected.host && actual.path == expected.path, "\(example.name): URL")
                let sortedItems = { (items: [URLQueryItem]?) in (items ?? []).map { "\($0.name)=\($0.value ?? "")" }.sorted() }
                #expect(sortedItems(actual.queryItems) == sortedItems(expected.queryItems), "\(example.name): presigned URL")
            } else {
                result = signer.sign(&request, credentials: credentials, date: date)
                // The S3 pages write the Authorization header without spaces after commas.
                #expect(result.authorization?.replacingOccurrences(of: ", ", with: ",") == example.authorization,
                        "\(example.name): authorization")
            }
            #expect(result.canonicalRequest == example.canonical_request, "\(example.name): canonical request")
            #expect(result.stringToSign == example.string_to_sign, "\(example.name): string to sign")
            #expect(result.signature == example.signature, "\(example.name): signature")
            var previous = result.signature
            for chunk in example.chunks ?? [] {
                let data = Data(repeating: UInt8(ascii: "a"), count: chunk.data_length)
                #expect(chunk.previous_signature == previous)
                #expect(signer.chunkStringToSign(amzDate: file.x_amz_date, previousSignature: previous, chunk: data)
                        == chunk.string_to_sign, "\(example.name): chunk string to sign")
                let signature = signer.chunkSignature(amzDate: file.x_amz_date, previousSignature: previous, chunk: data,
                                                      secret: credentials.secretAccessKey)
                #expect(signature == chunk.signature, "\(example.name): chunk signature")
                #expect("\(String(chunk.data_length, radix: 16));chunk-signature=\(signature)\r\n" == chunk.chunk_header)
                previous = signature
            }
        }
    }

    struct GeneralFile: Decodable {
        struct Derivation: Decodable {
            var secret_access_key: String
            var date: String
            var region: String
            var service: String
            var kSigning_hex: String
        }
        struct Case: Decodable {
            struct Credentials: Decodable {
                var access_key_id: String
                var secret_access_key: String
            }
            var name: String
            var credentials: Credentials
            var region: String
            var service: String
            var x_amz_date: String
            var request: S3File.Case.Request
            var canonical_request: String
            var string_to_sign: String
            var signing_key_hex: String
            var signature: String
            var authorization: String
        }
        var signing_key_derivation: [Derivation]
        var cases: [Case]
    }

    @Test func generalWorkedExamples() throws {
        let url = try TestData.directory("aws-sigv4-doc-examples").appendingPathComponent("general-sigv4-examples.json")
        let file = try JSONDecoder().decode(GeneralFile.self, from: Data(contentsOf: url))
        #expect(!file.signing_key_derivation.isEmpty && !file.cases.isEmpty)
        for derivation in file.signing_key_derivation {
            #expect(SigV4Signer.signingKeyHex(secret: derivation.secret_access_key, day: derivation.date,
                                              region: derivation.region, service: derivation.service) == derivation.kSigning_hex)
        }
        for example in file.cases {
            let credentials = AWSCredentials(accessKeyID: example.credentials.access_key_id,
                                             secretAccessKey: example.credentials.secret_access_key)
            var request = Self.request(example.request, bodyIsData: true)
            let date = try #require(SigV4Encoding.parseAmzDate(example.x_amz_date))
            let result = SigV4Signer(service: example.service, region: example.region)
                .sign(&request, credentials: credentials, date: date)
            #expect(result.canonicalRequest == example.canonical_request, "\(example.name)")
            #expect(result.stringToSign == example.string_to_sign, "\(example.name)")
            #expect(SigV4Signer.signingKeyHex(secret: credentials.secretAccessKey, day: String(example.x_amz_date.prefix(8)),
                                              region: example.region, service: example.service) == example.signing_key_hex)
            #expect(result.signature == example.signature)
            #expect(result.authorization == example.authorization)
        }
    }
}
