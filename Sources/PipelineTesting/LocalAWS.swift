import AWS
import Foundation

/// Builds AWS clients' configurations against a local endpoint (the shared moto server,
/// ``LocalAWSServer``, or a proxy in front of it) and captures what they log.
public enum LocalAWS {
    public static func configuration(endpoint: URL, region: String = "us-east-1", credentials: any CredentialProvider,
                              retry: RetryPolicy = .default, events: EventLog? = nil) -> AWSConfiguration {
        var sink: (@Sendable (AWSEvent) -> Void)?
        if let events {
            sink = { event in events.append(event.description) }
        }
        return AWSConfiguration(region: region, credentials: credentials, endpoints: AWSEndpointResolver(global: endpoint),
                                retry: retry, onEvent: sink)
    }

    /// Credentials moto accepts when auth is off.
    public static let testing = StaticCredentialProvider(accessKeyID: "AKIAPIPELINETEST0001", secretAccessKey: "pipeline-test-secret-0001")

    public static func server(region: String = "us-east-1", events: EventLog? = nil) async throws -> (LocalAWSServer, AWSConfiguration) {
        let server = try await LocalAWSServer.shared()
        return (server, configuration(endpoint: server.endpoint, region: region, credentials: testing, events: events))
    }

    /// A name unique to this test run: lower-case, valid for tables and buckets.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
