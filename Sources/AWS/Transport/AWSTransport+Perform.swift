import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension AWSTransport {
    /// Largest response body collected (S3 objects are read whole).
    static let maxResponseBytes = Int(UInt32.max)

    /// The `HTTPClient` settings for a transport with this retry policy.
    static func clientConfiguration(retry: RetryPolicy, maxConnectionsPerHost: Int) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        let attempt = TimeAmount.nanoseconds(Int64(retry.attemptTimeout * 1e9))
        // `read` is an idle timeout (no bytes for this long), like URLSession's request timeout.
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: attempt, read: attempt, write: attempt)
        // Idle connections are closed after 20 s, before servers (AWS, load balancers) usually close
        // them, so that a request rarely meets a connection the server is closing.
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(20), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maxConnectionsPerHost))
        // A failed connect fails the attempt at once; RetryPolicy decides about retrying.
        pool.retryConnectionEstablishment = false
        configuration.connectionPool = pool
        // A signed request must not be replayed to another location (its signature and Host
        // would go along); a 3xx is returned to the caller as is.
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        return configuration
    }

    /// One attempt: sends the request and collects the whole response. Cancelling the Task
    /// cancels the request; `deadline` bounds the wait for the response head, the client's read
    /// timeout (`attemptTimeout`) any silence, head or body.
    func perform(_ request: AWSHTTPRequest, deadline: NIODeadline) async throws -> AWSHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
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
