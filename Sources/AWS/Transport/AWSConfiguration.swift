import Foundation

/// What every client needs: region, credentials, endpoints, retry policy, event sink.
public struct AWSConfiguration: Sendable {
    public var region: String
    public var endpoints: AWSEndpointResolver
    public var transport: AWSTransport

    public init(region: String, credentials: any CredentialProvider, endpoints: AWSEndpointResolver = AWSEndpointResolver(),
                retry: RetryPolicy = .default, onEvent: (@Sendable (AWSEvent) -> Void)? = nil) {
        self.region = region
        self.endpoints = endpoints
        transport = AWSTransport(credentials: credentials, retry: retry, onEvent: onEvent)
    }

    public init(region: String, endpoints: AWSEndpointResolver, transport: AWSTransport) {
        self.region = region
        self.endpoints = endpoints
        self.transport = transport
    }

    /// Region and endpoints from the environment (`AWS_REGION`, `AWS_ENDPOINT_URL*`).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       region: String? = nil, credentials: any CredentialProvider,
                                       retry: RetryPolicy = .default,
                                       onEvent: (@Sendable (AWSEvent) -> Void)? = nil) throws -> AWSConfiguration {
        guard let region = region ?? AWSEndpointResolver.region(environment) else {
            throw AWSEndpointResolver.ConfigurationError.missingRegion
        }
        return AWSConfiguration(region: region, credentials: credentials,
                                endpoints: try AWSEndpointResolver.fromEnvironment(environment), retry: retry, onEvent: onEvent)
    }
}
