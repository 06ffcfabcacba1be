import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One HTTP/1.1 message as read from a socket: its head and body bytes exactly as received.
struct WireMessage {
    /// Start line and header lines, with the closing blank line.
    var head: [UInt8]
    var startLine: String
    var headers: [(name: String, value: String)]
    /// The body as framed on the wire (chunked framing kept).
    var body: [UInt8]
    /// The body, unchunked (for classifying a request by its form parameters).
    var content: [UInt8]
    /// The message ends at EOF (a response without length): the connection closes after it.
    var closeDelimited: Bool

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }

    /// The status code of a response (0 for a request or an unreadable status line).
    var status: Int { Int(startLine.split(separator: " ").dropFirst().first ?? "") ?? 0 }

    var wantsClose: Bool {
        closeDelimited || header("connection")?.lowercased().contains("close") == true
    }
}

/// Blocking reads and writes of HTTP/1.1 messages on a socket, with a buffer. Every read is
/// bounded: by the peer closing, by the socket's receive timeout, or by `stop` shutting it down.
struct SocketWire {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Largest head or body accepted (a test proxy, not a production one).
    static let limit = 256 * 1024 * 1024

    init(fd: Int32) { self.fd = fd }

    /// Reads one request (`responseTo == nil`) or the response to a request with that method.
    /// `continueBody` is called before reading the body of a request sent with `Expect: 100-continue`.
    mutating func readMessage(responseTo method: String? = nil, continueBody: (() -> Void)? = nil) -> WireMessage? {
        guard let head = readHead() else { return nil }
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let startLine = lines.removeFirst()
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var message = WireMessage(head: head, startLine: startLine, headers: headers, body: [], content: [], closeDelimited: false)
        if let method {
            let status = Int(startLine.split(separator: " ").dropFirst().first ?? "") ?? 0
            if method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) { return message }
        } else if message.header("expect")?.lowercased() == "100-continue" {
            continueBody?()
        }
        if message.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            guard readChunked(into: &message) else { return nil }
        } else if let length = message.header("content-length").flatMap({ Int($0) }) {
            guard length <= Self.limit, let body = readExactly(length) else { return nil }
            message.body = body
            message.content = body
        } else if method != nil {
            message.body = readToEnd()
            message.content = message.body
            message.closeDelimited = true
        }
        return message
    }

    private mutating func readChunked(into message: inout WireMessage) -> Bool {
        while true {
            guard let line = readLine() else { return false }
            message.body += line
            let sizeText = String(decoding: line, as: UTF8.self).split(separator: ";").first?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0, size <= Self.limit else { return false }
            if size == 0 {
                while true {
                    guard let trailer = readLine() else { return false }
                    message.body += trailer
                    if trailer.count == 2 { return true }
                }
            }
            guard let chunk = readExactly(size + 2) else { return false }
            message.body += chunk
            message.content += chunk.prefix(size)
        }
    }

    /// Bytes up to and including the blank line that ends a head.
    private mutating func readHead() -> [UInt8]? {
        var searchFrom = start
        while true {
            if let end = find([13, 10, 13, 10], from: searchFrom) { return take(end + 4 - start) }
            searchFrom = max(start, buffer.count - 3)
            guard buffer.count - start < Self.limit, fill() else { return nil }
        }
    }

    private mutating func readLine() -> [UInt8]? {
        var searchFrom = start
        while true {
            if let end = find([13, 10], from: searchFrom) { return take(end + 2 - start) }
            searchFrom = max(start, buffer.count - 1)
            guard fill() else { return nil }
        }
    }

    private mutating func readExactly(_ count: Int) -> [UInt8]? {
        while buffer.count - start < count {
            guard fill() else { return nil }
        }
        return take(count)
    }

    private mutating func readToEnd() -> [UInt8] {
        while buffer.count - start < Self.limit, fill() {}
        return take(buffer.count - start)
    }

    private func find(_ pattern: [UInt8], from: Int) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        var index = max(from, start)
        while index + pattern.count <= buffer.count {
            if buffer[index] == pattern[0] && buffer[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    private mutating func take(_ count: Int) -> [UInt8] {
        let bytes = Array(buffer[start..<(start + count)])
        start += count
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        return bytes
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return true
            }
            if count < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Writes every byte; false when the peer is gone.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 && errno == EINTR { continue }
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    /// A TCP connection to `host:port` (IPv4 loopback or any dotted address), with a receive timeout.
    static func connect(host: String, port: UInt16, receiveTimeout: TimeInterval) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return fd
    }

    /// Closes `fd` with a TCP reset (SO_LINGER 0).
    static func reset(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(fd)
    }
}
