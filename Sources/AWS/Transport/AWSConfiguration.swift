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

    /// Region, endpoints and TLS trust from the environment (`AWS_REGION`, `AWS_ENDPOINT_URL*`,
    /// `AWS_CA_BUNDLE`).
    ///
    /// - Parameter pool: a shared client pool; without one the transport gets its own, trusting
    ///   `AWS_CA_BUNDLE` when set. A shared pool must trust the same bundle as the environment says.
    /// - Throws: ``AWSEndpointResolver/ConfigurationError`` for a bad endpoint, a missing region or a
    ///   pool trusting another bundle; ``AWSTLSTrust/BundleError`` for an unusable bundle.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       region: String? = nil, credentials: any CredentialProvider,
                                       retry: RetryPolicy = .default, pool: AWSHTTPClientPool? = nil,
                                       onEvent: (@Sendable (AWSEvent) -> Void)? = nil) throws -> AWSConfiguration {
        guard let region = region ?? AWSEndpointResolver.region(environment) else {
            throw AWSEndpointResolver.ConfigurationError.missingRegion
        }
        let endpoints = try AWSEndpointResolver.fromEnvironment(environment)
        let trust = AWSTLSTrust.fromEnvironment(environment)
        let transport: AWSTransport
        if let pool {
            guard pool.trust == trust else {
                throw AWSEndpointResolver.ConfigurationError.trustMismatch(
                    environment: trust.caBundlePath, pool: pool.trust.caBundlePath)
            }
            transport = AWSTransport(credentials: credentials, retry: retry, pool: pool, onEvent: onEvent)
        } else {
            transport = try AWSTransport(credentials: credentials, retry: retry, trust: trust, onEvent: onEvent)
        }
        return AWSConfiguration(region: region, endpoints: endpoints, transport: transport)
    }
}
