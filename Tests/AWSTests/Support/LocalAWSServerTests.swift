import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The test support itself: moto's life cycle and the loopback server's behaviour.
@Suite(.integration) struct LocalAWSServerTests {
    @Test func startsOnAFreeLoopbackPortAndStopsCompletely() async throws {
        let server = try await LocalAWSServer.start()
        #expect(server.endpoint.host == "127.0.0.1")
        let sts = STSClient(configuration: LocalAWS.configuration(endpoint: server.endpoint, credentials: LocalAWS.testing))
        #expect(try await sts.getCallerIdentity().account == LocalAWSServer.defaultAccount)
        #expect(server.environment["AWS_ENDPOINT_URL"] == server.endpoint.absoluteString)
        let pid = server.processIdentifier
        #expect(kill(pid, 0) == 0)
        server.stop()
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "gone"
        #expect(kill(pid, 0) != 0, "moto is gone after stop(): \(state)")
        #expect(kill(-pid, 0) != 0, "and so is its process group")
        let after = STSClient(configuration: LocalAWS.configuration(endpoint: server.endpoint, credentials: LocalAWS.testing,
                                                                    retry: RetryPolicy(maxAttempts: 1)))
        let error = await #expect(throws: AWSTransportError.self) { try await after.getCallerIdentity() }
        #expect(error?.description.contains("127.0.0.1:\(server.port)") == true)
    }

    @Test func loopbackServerServesKeepAliveRequestsAndRecordsThem() async throws {
        let server = try LoopbackHTTPServer { request in
            .json(200, "{\"path\":\"\(request.path)\",\"bytes\":\(request.body.count)}")
        }
        defer { server.stop() }
        var request = URLRequest(url: server.baseURL.appendingPathComponent("echo"))
        request.httpMethod = "POST"
        request.httpBody = Data(repeating: 7, count: 100_000)
        for _ in 0..<3 {
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self) == #"{"path":"/echo","bytes":100000}"#)
        }
        #expect(server.requestCount == 3)
        #expect(server.requests.allSatisfy { $0.method == "POST" && $0.body.count == 100_000 })
    }
}
