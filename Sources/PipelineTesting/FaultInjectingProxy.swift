import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback HTTP/1.1 forward proxy for tests, put between a client and moto's `http` endpoint
/// by pointing `AWS_ENDPOINT_URL` at ``endpoint``.
///
/// Requests are forwarded byte for byte (the `Host` header as the client sent it, so SigV4
/// signatures stay valid), one upstream connection per request. Each request is counted under
/// its AWS operation (``AWSOperationName``), and ``FaultRule``s can answer it instead: 500, 503,
/// the service's throttling error, a connection reset, or a stall that holds it until a test
/// releases it (``waitForStall(timeout:)``, `onStall`). A thread serves each client connection;
/// ``stop()`` closes every socket and wakes every stalled call.
public final class FaultInjectingProxy: @unchecked Sendable {
    // @unchecked Sendable: every mutable field is read and written under `condition`; the
    // listener descriptor and settings are immutable after init.

    /// A call held by a `.stall` fault.
    public struct StalledCall: Sendable, Hashable, Identifiable {
        public let id: Int
        public let operation: String
    }

    /// What arrived, by operation.
    public struct Counts: Sendable, Equatable {
        /// Requests received per operation (answered with a fault or not).
        public var byOperation: [String: Int] = [:]
        /// Requests whose operation reads (Get*, List*, Describe*, Query, Scan, S3 GET/HEAD).
        public var reads = 0
        /// Every other request.
        public var writes = 0
        /// Faults injected per operation.
        public var faults: [String: Int] = [:]

        public var total: Int { reads + writes }
        public var totalFaults: Int { faults.values.reduce(0, +) }
    }

    public let port: UInt16
    public let upstreamHost: String
    public let upstreamPort: UInt16
    /// How long a stalled call is held at most before its connection is closed.
    public let stallLimit: TimeInterval
    /// How long the proxy waits for moto's answer to a forwarded request.
    public let upstreamTimeout: TimeInterval
    private let listener: Int32
    private let onStall: (@Sendable (StalledCall) -> Void)?
    private let condition = NSCondition()
    private var plan: FaultPlan
    private var tally = Counts()
    private var stalls: [Int: Bool?] = [:] // id → nil while held, then forward or not
    private var stallOrder: [StalledCall] = []
    private var nextStallID = 1
    private var stopped = false
    private var sockets: Set<Int32> = []

    /// Listens on a free 127.0.0.1 port and forwards to `upstream` (`http://127.0.0.1:<port>`).
    /// - Parameters:
    ///   - rules: tried in order for each request; the first that fires decides.
    ///   - seed: seeds the generator behind probabilistic rules (same seed, same call order: same faults).
    ///   - onStall: called (on the connection's thread) when a call starts stalling.
    public init(upstream: URL, rules: [FaultRule] = [], seed: UInt64 = 1, stallLimit: TimeInterval = 30,
                upstreamTimeout: TimeInterval = 60, onStall: (@Sendable (StalledCall) -> Void)? = nil) throws {
        guard upstream.scheme == "http", let host = upstream.host else {
            throw LoopbackHTTPServer.StartError(step: "upstream \(upstream) (must be http://host:port)", code: EINVAL)
        }
        upstreamHost = host
        upstreamPort = UInt16(upstream.port ?? 80)
        self.stallLimit = stallLimit
        self.upstreamTimeout = upstreamTimeout
        self.onStall = onStall
        plan = FaultPlan(rules: rules, seed: seed)
        (listener, port) = try Self.listen()
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "FaultInjectingProxy-\(port)"
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port>`: what `AWS_ENDPOINT_URL` should say.
    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Replaces the rules (their counters start again) and reseeds the generator.
    public func setRules(_ rules: [FaultRule], seed: UInt64 = 1) {
        locked { plan = FaultPlan(rules: rules, seed: seed) }
    }

    /// The counts so far.
    public var counts: Counts { locked { tally } }

    /// Requests received for `operation` (e.g. `DynamoDB.PutItem`).
    public func count(_ operation: String) -> Int { locked { tally.byOperation[operation] ?? 0 } }

    /// Resets the counts to zero.
    public func resetCounts() { locked { tally = Counts() } }

    /// Calls being held now, oldest first.
    public var stalledCalls: [StalledCall] { locked { stallOrder.filter { stalls[$0.id] == .some(nil) } } }

    /// Waits (polling, at most `timeout`) until a call is stalled and returns the oldest held call.
    public func waitForStall(timeout: TimeInterval) async -> StalledCall? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let call = stalledCalls.first { return call }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return stalledCalls.first
    }

    /// Lets a stalled call go on: forwarded to moto (`forward`) or its connection closed.
    /// A call whose client gave up meanwhile is still forwarded: the service acts, nobody hears.
    public func release(_ call: StalledCall, forward: Bool = true) {
        condition.lock()
        if stalls[call.id] == .some(nil) { stalls[call.id] = .some(forward) }
        condition.broadcast()
        condition.unlock()
    }

    /// Releases every held call.
    public func releaseAll(forward: Bool = true) {
        condition.lock()
        for (id, decision) in stalls where decision == nil { stalls[id] = .some(forward) }
        condition.broadcast()
        condition.unlock()
    }

    /// Stops accepting, closes every connection and wakes every stalled call. Idempotent.
    public func stop() {
        condition.lock()
        if stopped { condition.unlock(); return }
        stopped = true
        for (id, decision) in stalls where decision == nil { stalls[id] = .some(false) } // dropped, not forwarded
        let open = sockets
        condition.broadcast()
        condition.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    // MARK: Internals used by the connection threads

    var isStopped: Bool { locked { stopped } }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    /// Registers `fd` for `stop()`; false when already stopped (the caller closes it).
    func track(_ fd: Int32) -> Bool {
        locked {
            if stopped { return false }
            sockets.insert(fd)
            return true
        }
    }

    func untrack(_ fd: Int32) { _ = locked { sockets.remove(fd) } }

    /// Counts the request and decides its fault.
    func admit(operation: String, isRead: Bool) -> InjectedFault? {
        locked {
            tally.byOperation[operation, default: 0] += 1
            if isRead { tally.reads += 1 } else { tally.writes += 1 }
            let fault = plan.decide(operation)
            if fault != nil { tally.faults[operation, default: 0] += 1 }
            return fault
        }
    }

    /// Holds the calling thread until the call is released, the stall limit passes or the proxy
    /// stops. True: forward it; false: close its connection.
    func stall(operation: String) -> Bool {
        condition.lock()
        let call = StalledCall(id: nextStallID, operation: operation)
        nextStallID += 1
        stalls[call.id] = .some(nil)
        stallOrder.append(call)
        condition.unlock()
        onStall?(call)
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(stallLimit)
        while !stopped, stalls[call.id] == .some(nil), Date() < deadline {
            _ = condition.wait(until: deadline)
        }
        let decision = stalls[call.id] ?? nil
        stalls[call.id] = .some(decision ?? false)
        return !stopped && decision == true
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
            guard track(client) else { close(client); return }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private static func listen() throws -> (Int32, UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackHTTPServer.StartError(step: "socket", code: errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { let code = errno; close(fd); throw LoopbackHTTPServer.StartError(step: "bind", code: code) }
        guard Glibc.listen(fd, 128) == 0 else {
            let code = errno; close(fd); throw LoopbackHTTPServer.StartError(step: "listen", code: code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }
}
