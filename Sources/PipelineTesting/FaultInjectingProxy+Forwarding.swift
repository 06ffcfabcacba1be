import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FaultInjectingProxy {
    /// Serves one client connection: request by request until the client closes, a fault
    /// closes it, or the proxy stops.
    func serve(_ client: Int32) {
        var closed = false
        defer {
            untrack(client)
            if !closed { close(client) }
        }
        var wire = SocketWire(fd: client)
        while !isStopped {
            // The client waits for a 100 before sending the body (botocore does for S3 uploads).
            let continueBody = { _ = SocketWire.writeAll(client, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }
            guard let request = wire.readMessage(continueBody: continueBody) else { return }
            let parts = request.startLine.split(separator: " ")
            guard parts.count >= 2 else { return }
            let method = String(parts[0])
            let (operation, wireProtocol, isRead) = AWSOperationName.classify(
                method: method, target: String(parts[1]), headers: request.headers, body: Data(request.content))
            switch admit(operation: operation, isRead: isRead) {
            case .connectionReset?:
                untrack(client)
                SocketWire.reset(client)
                closed = true
                return
            case .stall?:
                guard stall(operation: operation) else { return }
            case let fault?:
                guard let reply = FaultResponse.reply(fault, wireProtocol: wireProtocol) else { return }
                var head = "HTTP/1.1 \(reply.status) \(LoopbackHTTPServer.reason(reply.status))\r\n"
                for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
                head += "Content-Length: \(reply.body.count)\r\n\r\n"
                // A response to HEAD has no body (RFC 9110 §9.3.2), only the length it would have.
                let body = method == "HEAD" ? [] : Array(reply.body)
                guard SocketWire.writeAll(client, Array(head.utf8) + body) else { return }
                continue
            case nil:
                break
            }
            guard let response = forward(request, method: method) else { return }
            guard SocketWire.writeAll(client, response.head + response.body), !response.wantsClose,
                  !request.wantsClose else { return }
        }
    }

    /// Sends `request` unchanged to moto on a new connection and reads the whole answer.
    /// nil when moto cannot be reached or does not answer within `upstreamTimeout`.
    func forward(_ request: WireMessage, method: String) -> WireMessage? {
        guard let upstream = SocketWire.connect(host: upstreamHost, port: upstreamPort, receiveTimeout: upstreamTimeout)
        else { return nil }
        guard track(upstream) else { close(upstream); return nil }
        defer {
            untrack(upstream)
            close(upstream)
        }
        guard SocketWire.writeAll(upstream, request.head + request.body) else { return nil }
        var wire = SocketWire(fd: upstream)
        // Interim answers (a `100 Continue` to the forwarded `Expect`) are not relayed: the client had its own.
        for _ in 0..<8 {
            guard let response = wire.readMessage(responseTo: method) else { return nil }
            if !(100..<200).contains(response.status) { return response }
        }
        return nil
    }
}
