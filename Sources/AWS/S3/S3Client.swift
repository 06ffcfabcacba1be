import Crypto
import Foundation

/// Amazon S3 over REST/XML. Path-style addressing for custom endpoints (moto), virtual-hosted otherwise.
///
/// Retry classes (see ``RetrySafety``): reads, PUTs of objects and bucket settings, DeleteObject(s)
/// are idempotent; CreateBucket and DeleteBucket are not retried on unknown outcomes.
public struct S3Client: Sendable {
    public let client: AWSServiceClient
    public static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    public init(configuration: AWSConfiguration) {
        client = AWSServiceClient(service: .s3, configuration: configuration)
    }

    var region: String { client.configuration.region }

    /// Whether requests put the bucket in the path (custom endpoint, or a name with dots).
    func usesPathStyle(_ bucket: String) -> Bool { client.endpoint.isCustom || bucket.contains(".") }

    func request(method: String, bucket: String, key: String? = nil, query: [AWSQueryItem] = [],
                 headers: AWSHTTPHeaders = AWSHTTPHeaders(), body: Data = Data()) -> AWSHTTPRequest {
        var request = client.request(method: method, query: query, headers: headers, body: body)
        if usesPathStyle(bucket) {
            request.path = "/\(bucket)" + (key.map { "/\($0)" } ?? "")
        } else {
            request.host = "\(bucket).\(client.endpoint.host)"
            request.path = "/" + (key ?? "")
        }
        return request
    }

    func send(_ request: AWSHTTPRequest, operation: String, safety: RetrySafety) async throws -> AWSHTTPResponse {
        let call = AWSTransport.Call(operation: "S3.\(operation)", signer: client.signer, safety: safety,
                                     decodeError: { response in Self.decodeError(response, operation: operation) })
        return try await client.transport.send(request, call)
    }

    /// S3 errors are `<Error><Code/><Message/>`; HEAD responses have no body, so the status decides.
    static func decodeError(_ response: AWSHTTPResponse, operation: String) -> (code: String, message: String) {
        if response.body.isEmpty && response.status == 404 {
            return (operation.hasSuffix("Bucket") ? "NoSuchBucket" : "NoSuchKey", "not found")
        }
        return AWSServiceClient.decodeXMLError(response)
    }

    func xml(_ response: AWSHTTPResponse, operation: String) throws -> XMLNode {
        do {
            return try XMLNode.parse(response.body)
        } catch {
            throw AWSTransportError.invalidResponse(operation: "S3.\(operation)", status: response.status, reason: "\(error)")
        }
    }

    /// Headers for an XML body: content type and `Content-MD5` (S3 requires it for several settings).
    static func xmlHeaders(_ body: Data) -> AWSHTTPHeaders {
        var headers = AWSHTTPHeaders()
        headers.add("Content-Type", "application/xml")
        headers.add("Content-MD5", Data(Insecure.MD5.hash(data: body)).base64EncodedString())
        return headers
    }

    // MARK: Buckets

    /// Creates a bucket; outside us-east-1 with a `LocationConstraint`.
    public func createBucket(_ bucket: String) async throws {
        var body = Data()
        var headers = AWSHTTPHeaders()
        if region != "us-east-1" {
            body = Data(("<CreateBucketConfiguration xmlns=\"\(Self.namespace)\"><LocationConstraint>\(XMLNode.escape(region))"
                + "</LocationConstraint></CreateBucketConfiguration>").utf8)
            headers = Self.xmlHeaders(body)
        }
        _ = try await send(request(method: "PUT", bucket: bucket, headers: headers, body: body), operation: "CreateBucket", safety: .unsafe)
    }

    /// True if the bucket exists and is reachable with these credentials; false on 404.
    public func headBucket(_ bucket: String) async throws -> Bool {
        do {
            _ = try await send(request(method: "HEAD", bucket: bucket), operation: "HeadBucket", safety: .idempotent)
            return true
        } catch let error as AWSError where error.status == 404 {
            return false
        }
    }

    /// The bucket's region from `GetBucketLocation` (an empty constraint is `us-east-1`, `EU` is `eu-west-1`).
    public func getBucketLocation(_ bucket: String) async throws -> String {
        let response = try await send(request(method: "GET", bucket: bucket, query: [AWSQueryItem("location", "")]),
                                      operation: "GetBucketLocation", safety: .idempotent)
        let constraint = try xml(response, operation: "GetBucketLocation").text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch constraint {
        case "": return "us-east-1"
        case "EU": return "eu-west-1"
        default: return constraint
        }
    }

    public func deleteBucket(_ bucket: String) async throws {
        _ = try await send(request(method: "DELETE", bucket: bucket), operation: "DeleteBucket", safety: .unsafe)
    }

    /// Every bucket name of the account.
    public func listBuckets() async throws -> [String] {
        var request = client.request(method: "GET")
        request.path = "/"
        let response = try await send(request, operation: "ListBuckets", safety: .idempotent)
        let root = try xml(response, operation: "ListBuckets")
        return root.child("Buckets")?.children("Bucket").compactMap { $0.string("Name") } ?? []
    }

    /// A presigned GET URL (payload `UNSIGNED-PAYLOAD`), valid for `expires` seconds.
    public func presignedGetURL(bucket: String, key: String, versionID: String? = nil, expires: Int = 3600,
                                date: Date = Date()) async throws -> URL {
        var request = request(method: "GET", bucket: bucket, key: key,
                              query: versionID.map { [AWSQueryItem("versionId", $0)] } ?? [])
        let credentials = try await client.transport.credentials.credentials()
        client.signer.presign(&request, credentials: credentials, date: date, expires: expires)
        return request.url
    }
}
