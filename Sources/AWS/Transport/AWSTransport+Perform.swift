import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension AWSTransport {
    /// Largest response body collected (S3 objects are read whole).
    static let maxResponseBytes = Int(UInt32.max)

    /// One attempt: sends the request and collects the whole response. Cancelling the Task
    /// cancels the request; `deadline` bounds the wait for the response head, the client's read
    /// timeout (`attemptTimeout`) any silence, head or body.
    func perform(_ request: AWSHTTPRequest, deadline: NIODeadline) async throws -> AWSHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.urlText)
        outgoing.method = HTTPMethod(rawValue: request.method)
        var headers = HTTPHeaders()
        headers.reserveCapacity(request.headers.fields.count + 1)
        // Host included: it is what was signed (the client adds one only when it is missing).
        for field in request.headers.fields { headers.add(name: field.name, value: field.value) }
        outgoing.headers = headers
        if !request.body.isEmpty || request.method == "PUT" || request.method == "POST" {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response = try await http.execute(outgoing, deadline: deadline)
        let body = try await response.body.collect(upTo: Self.maxResponseBytes)
        var responseHeaders = AWSHTTPHeaders()
        for (name, value) in response.headers { responseHeaders.add(name, value) }
        return AWSHTTPResponse(status: Int(response.status.code), headers: responseHeaders,
                               body: body.readableBytes == 0 ? Data() : Data(body.readableBytesView))
    }
}
