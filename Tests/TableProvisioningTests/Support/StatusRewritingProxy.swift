import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PipelineTesting

/// A loopback proxy in front of a real moto server that reports a table as `UPDATING` in the
/// first `busyDescribes` `DescribeTable` answers (moto's tables are ACTIVE at once, so this is
/// how a table busy with another update is shown). Everything else passes through unchanged.
final class StatusRewritingProxy: @unchecked Sendable {
    // @unchecked Sendable: `rewritten` only changes under `lock`; the rest is immutable.
    let server: LoopbackHTTPServer
    private let lock = NSLock()
    private var rewritten = 0

    init(upstream: URL, table: String, busyDescribes: Int) throws {
        let box = Box()
        server = try LoopbackHTTPServer { request in
            let (status, body) = Self.forward(request, to: upstream)
            guard request.header("X-Amz-Target") == "DynamoDB_20120810.DescribeTable",
                  String(decoding: request.body, as: UTF8.self).contains("\"\(table)\""),
                  box.proxy?.takeBusyTurn(limit: busyDescribes) == true,
                  var object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
                  var description = object["Table"] as? [String: Any]
            else { return .reply(status: status, headers: [("Content-Type", "application/x-amz-json-1.0")], body: body) }
            description["TableStatus"] = "UPDATING"
            object["Table"] = description
            let data = (try? JSONSerialization.data(withJSONObject: object)) ?? body
            return .reply(status: status, headers: [("Content-Type", "application/x-amz-json-1.0")], body: data)
        }
        box.proxy = self
    }

    var endpoint: URL { server.baseURL }

    /// How many answers were rewritten.
    var rewrittenCount: Int {
        lock.lock(); defer { lock.unlock() }
        return rewritten
    }

    func stop() { server.stop() }

    private func takeBusyTurn(limit: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard rewritten < limit else { return false }
        rewritten += 1
        return true
    }

    /// Sends the request to moto and waits (on the proxy's own thread) for the answer.
    static func forward(_ request: LoopbackHTTPServer.Request, to upstream: URL) -> (Int, Data) {
        var forwarded = URLRequest(url: URL(string: upstream.absoluteString + request.target) ?? upstream, timeoutInterval: 10)
        forwarded.httpMethod = request.method
        for (name, value) in request.headers where !["host", "content-length", "connection"].contains(name.lowercased()) {
            forwarded.setValue(value, forHTTPHeaderField: name)
        }
        forwarded.httpBody = request.body
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        URLSession.shared.dataTask(with: forwarded) { data, response, _ in
            result.set((response as? HTTPURLResponse)?.statusCode ?? 502, data ?? Data())
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 15)
        return result.value
    }

    private final class Box: @unchecked Sendable {
        // @unchecked Sendable: set once before the first request arrives.
        weak var proxy: StatusRewritingProxy?
    }

    private final class ResultBox: @unchecked Sendable {
        // @unchecked Sendable: written once by the URLSession callback before the semaphore is signalled.
        private let lock = NSLock()
        private var stored: (Int, Data) = (504, Data())
        func set(_ status: Int, _ data: Data) { lock.lock(); stored = (status, data); lock.unlock() }
        var value: (Int, Data) { lock.lock(); defer { lock.unlock() }; return stored }
    }
}
