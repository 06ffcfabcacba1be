import AWS
import Foundation
import PipelineTesting

/// Builds clients against a local endpoint and captures what they log.
enum LocalAWS {
    static func configuration(endpoint: URL, region: String = "us-east-1", credentials: any CredentialProvider,
                              retry: RetryPolicy = .default, events: EventLog? = nil) -> AWSConfiguration {
        var sink: (@Sendable (AWSEvent) -> Void)?
        if let events {
            sink = { event in events.append(event.description) }
        }
        return AWSConfiguration(region: region, credentials: credentials, endpoints: AWSEndpointResolver(global: endpoint),
                                retry: retry, onEvent: sink)
    }

    /// Credentials moto accepts when auth is off.
    static let testing = StaticCredentialProvider(accessKeyID: "AKIAPIPELINETEST0001", secretAccessKey: "pipeline-test-secret-0001")

    static func server(region: String = "us-east-1", events: EventLog? = nil) async throws -> (LocalAWSServer, AWSConfiguration) {
        let server = try await LocalAWSServer.shared()
        return (server, configuration(endpoint: server.endpoint, region: region, credentials: testing, events: events))
    }

    /// A name unique to this test run: lower-case, valid for tables and buckets.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// A thread-safe list of log lines (what a runner's sink would receive).
final class EventLog: @unchecked Sendable {
    // @unchecked Sendable: `lines` is only read and written under `lock`.
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        lines.append(line)
    }

    var all: [String] {
        lock.lock(); defer { lock.unlock() }
        return lines
    }

    /// Lines containing any of the secrets (must be empty).
    func leaks(of secrets: [String]) -> [String] {
        all.filter { line in secrets.contains { !$0.isEmpty && line.contains($0) } }
    }
}
