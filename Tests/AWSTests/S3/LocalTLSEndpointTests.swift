import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The local endpoint over TLS (`scripts/local-aws/moto_tls.py`): HTTPS with a CA made for it,
/// and bucket policies that evaluate `aws:SecureTransport`, checked from boto3 (the Python SDK
/// trusts the CA through `AWS_CA_BUNDLE`).
@Suite(.integration) struct LocalTLSEndpointTests {
    /// Runs a process off the concurrency pool; kills it after `timeout` seconds.
    static func run(_ arguments: [String], environment: [String: String], timeout: TimeInterval = 120) async throws
        -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = arguments
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
                let output = FileManager.default.temporaryDirectory.appendingPathComponent("tls-check-\(UUID().uuidString).log")
                _ = FileManager.default.createFile(atPath: output.path, contents: nil)
                defer { try? FileManager.default.removeItem(at: output) }
                do {
                    let handle = try FileHandle(forWritingTo: output)
                    process.standardOutput = handle
                    process.standardError = handle
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let deadline = Date().addingTimeInterval(timeout)
                while process.isRunning && Date() < deadline { usleep(50_000) }
                if process.isRunning {
                    process.terminate()
                    process.waitUntilExit()
                }
                let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
                continuation.resume(returning: (process.terminationStatus, text))
            }.start()
        }
    }

    @Test func denyWithoutTLSPolicyAllowsHTTPSAndDeniesPlainHTTP() async throws {
        let server = try await LocalAWSServer.shared(tls: true)
        #expect(server.endpoint.scheme == "https")
        #expect(server.endpoint.port == Int(server.port))
        #expect(server.plainEndpoint.scheme == "http")
        #expect(server.plainEndpoint.port != server.endpoint.port)
        let bundle = try #require(server.caBundle)
        #expect(FileManager.default.fileExists(atPath: bundle.path))
        #expect(server.environment["AWS_CA_BUNDLE"] == bundle.path)
        #expect(server.environment["AWS_ENDPOINT_URL"] == server.endpoint.absoluteString)

        let script = LocalAWSServer.scriptsDirectory.appendingPathComponent("check_tls_policy.py").path
        let (status, output) = try await Self.run(
            ["python3", script, "--endpoint", server.endpoint.absoluteString, "--plain-endpoint", server.plainEndpoint.absoluteString],
            environment: ["AWS_CA_BUNDLE": bundle.path])
        #expect(status == 0, "\(output)")
        for check in ["PUT over HTTPS allowed", "GET over HTTPS returns the object", "PUT over HTTP denied", "GET over HTTP denied",
                      "a client without the local CA is refused"] {
            #expect(output.contains("ok   \(check)"), "\(output)")
        }
    }

    @Test func clientsThatDoNotTrustTheLocalCAAreRefused() async throws {
        let server = try await LocalAWSServer.shared(tls: true)
        let configuration = AWSConfiguration(
            region: "us-east-1", credentials: LocalAWS.testing, endpoints: AWSEndpointResolver(global: server.endpoint),
            retry: RetryPolicy(maxAttempts: 1))
        await #expect(throws: (any Error).self) { try await S3Client(configuration: configuration).listBuckets() }
        // The same state over the plain listener answers.
        let plain = S3Client(configuration: LocalAWS.configuration(endpoint: server.plainEndpoint, credentials: LocalAWS.testing))
        _ = try await plain.listBuckets()
    }
}
