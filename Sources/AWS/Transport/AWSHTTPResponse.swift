import Foundation

/// An HTTP response from an AWS service.
public struct AWSHTTPResponse: Sendable {
    public var status: Int
    public var headers: AWSHTTPHeaders
    public var body: Data

    public init(status: Int, headers: AWSHTTPHeaders, body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The request id AWS (or moto) reports, from the usual headers.
    public var requestID: String? {
        headers["x-amzn-RequestId"] ?? headers["x-amz-request-id"] ?? headers["x-amzn-requestid"]
    }
}
