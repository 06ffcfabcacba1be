import Foundation

/// The shared core of the service clients: endpoint, signer, and the three wire protocols.
public struct AWSServiceClient: Sendable {
    public let service: AWSService
    public let configuration: AWSConfiguration
    public let endpoint: AWSEndpointResolver.Endpoint
    public let signer: SigV4Signer

    public init(service: AWSService, configuration: AWSConfiguration) {
        self.service = service
        self.configuration = configuration
        endpoint = configuration.endpoints.endpoint(for: service, region: configuration.region)
        signer = service == .s3
            ? SigV4Signer.s3(region: configuration.region)
            : SigV4Signer(service: service.signingName, region: configuration.region)
    }

    public var transport: AWSTransport { configuration.transport }

    func request(method: String, path: String = "/", query: [AWSQueryItem] = [], headers: AWSHTTPHeaders = AWSHTTPHeaders(),
                 body: Data = Data()) -> AWSHTTPRequest {
        AWSHTTPRequest(method: method, scheme: endpoint.scheme, host: endpoint.host, path: path, query: query,
                       headers: headers, body: body)
    }

    // MARK: JSON 1.0 (DynamoDB)

    /// POSTs a JSON 1.0 request with `X-Amz-Target: <prefix>.<operation>`, returns the body.
    func json(target prefix: String, operation: String, body: Data, safety: RetrySafety) async throws -> Data {
        var headers = AWSHTTPHeaders()
        headers.add("Content-Type", "application/x-amz-json-1.0")
        headers.add("X-Amz-Target", "\(prefix).\(operation)")
        let call = AWSTransport.Call(operation: "DynamoDB.\(operation)", signer: signer, safety: safety,
                                     decodeError: Self.decodeJSONError)
        return try await transport.send(request(method: "POST", headers: headers, body: body), call).body
    }

    @Sendable static func decodeJSONError(_ response: AWSHTTPResponse) -> (code: String, message: String) {
        if response.body.first == UInt8(ascii: "<") {
            // Authentication failures can come back in the query protocol's XML (moto does this).
            return decodeXMLError(response)
        }
        let object = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        let code = (object["__type"] as? String) ?? response.headers["x-amzn-ErrorType"]?.split(separator: ":").first.map(String.init)
            ?? "HTTP\(response.status)"
        var message = (object["message"] as? String) ?? (object["Message"] as? String)
            ?? String(decoding: response.body.prefix(300), as: UTF8.self)
        if let reasons = object["CancellationReasons"] as? [[String: Any]] {
            // TransactWriteItems: one reason per action, in a form the DynamoDB client reads back.
            let codes = reasons.map { ($0["Code"] as? String) ?? "None" }
            message = "Transaction cancelled, please refer cancellation reasons for specific reasons [\(codes.joined(separator: ", "))]"
        }
        return (code, message)
    }

    // MARK: Query (STS)

    /// POSTs a form-encoded query-protocol request and parses the XML response.
    func query(action: String, version: String, parameters: [(String, String)], signed: Bool,
               safety: RetrySafety) async throws -> XMLNode {
        let form = ([("Action", action), ("Version", version)] + parameters)
            .map { SigV4Encoding.encode($0.0) + "=" + SigV4Encoding.encode($0.1) }
            .joined(separator: "&")
        var headers = AWSHTTPHeaders()
        headers.add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        let call = AWSTransport.Call(operation: "\(service.rawValue.uppercased()).\(action)", signer: signed ? signer : nil,
                                     safety: safety, decodeError: Self.decodeXMLError)
        let response = try await transport.send(request(method: "POST", headers: headers, body: Data(form.utf8)), call)
        do {
            return try XMLNode.parse(response.body)
        } catch {
            throw AWSTransportError.invalidResponse(operation: call.operation, status: response.status, reason: "\(error)")
        }
    }

    /// Decodes `<ErrorResponse><Error><Code/><Message/></Error>` and S3's `<Error><Code/>…`.
    @Sendable static func decodeXMLError(_ response: AWSHTTPResponse) -> (code: String, message: String) {
        if let root = try? XMLNode.parse(response.body) {
            let error = root.name == "Error" ? root : (root.descendant("Error") ?? root)
            if let code = error.string("Code") {
                return (code, error.string("Message") ?? "")
            }
        }
        switch response.status {
        case 404: return ("NotFound", "not found")
        case 403: return ("AccessDenied", "access denied")
        case 301, 307: return ("PermanentRedirect", "wrong region or endpoint for this bucket")
        default: return ("HTTP\(response.status)", String(decoding: response.body.prefix(300), as: UTF8.self))
        }
    }
}
