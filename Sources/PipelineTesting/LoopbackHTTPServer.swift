import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small real HTTP/1.1 server on 127.0.0.1 (POSIX sockets, a thread per connection) for tests:
/// token endpoints, fake services, and fault injection (errors, resets, stalls).
public final class LoopbackHTTPServer: @unchecked Sendable {
    // @unchecked Sendable: mutable state (`requests`, `stopped`, `connections`) is guarded by `lock`;
    // the socket descriptor and handler are immutable after init.

    /// A request as received.
    public struct Request: Sendable {
        public var method: String
        /// Path and query as sent (`/path?x=1`).
        public var target: String
        public var headers: [(name: String, value: String)]
        public var body: Data

        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        public var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }

        /// Decoded query parameters (first value per name).
        public var query: [String: String] {
            guard let question = target.firstIndex(of: "?") else { return [:] }
            var result: [String: String] = [:]
            for pair in target[target.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
                if result[name] == nil { result[name] = value }
            }
            return result
        }

        /// Form-encoded body parameters.
        public var form: [String: String] {
            var result: [String: String] = [:]
            for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                let decode = { (text: Substring) in String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
                result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
            }
            return result
        }
    }

    /// What to do with a request.
    public enum Response: Sendable {
        case reply(status: Int, headers: [(String, String)], body: Data)
        /// Close the connection with a TCP reset (SO_LINGER 0) and no response.
        case resetConnection
        /// Read the request, then send nothing for this long, then close.
        case stall(seconds: TimeInterval)

        public static func json(_ status: Int, _ text: String) -> Response {
            .reply(status: status, headers: [("Content-Type", "application/json")], body: Data(text.utf8))
        }

        public static func xml(_ status: Int, _ text: String) -> Response {
            .reply(status: status, headers: [("Content-Type", "text/xml")], body: Data(text.utf8))
        }

        public static func text(_ status: Int, _ text: String) -> Response {
            .reply(status: status, headers: [("Content-Type", "text/plain")], body: Data(text.utf8))
        }
    }

    public typealias Handler = @Sendable (Request) -> Response

    public struct StartError: Error, CustomStringConvertible {
        public var step: String
        public var code: Int32
        public var description: String { "LoopbackHTTPServer: \(step) failed (errno \(code): \(String(cString: strerror(code))))" }
    }

    public let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var received: [Request] = []
    private var stopped = false
    private var connections: Set<Int32> = []

    /// Binds a free port on 127.0.0.1 and starts serving.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(step: "socket", code: errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { let code = errno; close(fd); throw StartError(step: "bind", code: code) }
        guard listen(fd, 64) == 0 else { let code = errno; close(fd); throw StartError(step: "listen", code: code) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "LoopbackHTTPServer-\(port)"
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Every request received so far.
    public var requests: [Request] {
        lock.lock(); defer { lock.unlock() }
        return received
    }

    public var requestCount: Int { requests.count }

    /// Stops accepting and closes open connections.
    public func stop() {
        lock.lock()
        if stopped { lock.unlock(); return }
        stopped = true
        let open = connections
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private var isStopped: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        while !isStopped {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            lock.lock()
            connections.insert(client)
            lock.unlock()
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        var buffer = Data()
        defer {
            lock.lock()
            connections.remove(fd)
            lock.unlock()
            close(fd)
        }
        while !isStopped {
            guard let request = readRequest(fd, buffer: &buffer) else { return }
            lock.lock()
            received.append(request)
            lock.unlock()
            switch handler(request) {
            case .reply(let status, let headers, let body):
                var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
                for (name, value) in headers { head += "\(name): \(value)\r\n" }
                head += "Content-Length: \(body.count)\r\nConnection: keep-alive\r\n\r\n"
                guard writeAll(fd, Data(head.utf8) + body) else { return }
            case .resetConnection:
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                return
            case .stall(let seconds):
                let end = Date().addingTimeInterval(seconds)
                while Date() < end && !isStopped { usleep(20_000) }
                return
            }
        }
    }

    /// Reads one request (headers, then `Content-Length` bytes); nil when the peer closes.
    private func readRequest(_ fd: Int32, buffer: inout Data) -> Request? {
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd: Range<Data.Index>?
        while true {
            headerEnd = buffer.range(of: separator)
            if headerEnd != nil { break }
            guard readMore(fd, into: &buffer) else { return nil }
        }
        guard let end = headerEnd else { return nil }
        let head = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        buffer.removeSubrange(buffer.startIndex..<end.upperBound)
        while buffer.count < length {
            guard readMore(fd, into: &buffer) else { return nil }
        }
        let body = Data(buffer.prefix(length))
        buffer.removeSubrange(buffer.startIndex..<(buffer.startIndex + length))
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func readMore(_ fd: Int32, into buffer: inout Data) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    private func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
