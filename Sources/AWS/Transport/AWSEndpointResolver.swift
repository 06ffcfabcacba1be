import Foundation

/// The services this layer talks to, with their endpoint-override names.
public enum AWSService: String, Sendable, CaseIterable {
    case dynamodb
    case s3
    case sts

    /// The signing name (SigV4 scope).
    public var signingName: String { rawValue }
    /// `AWS_ENDPOINT_URL_<ID>` suffix (the service id upper-cased, spaces as `_`).
    public var environmentID: String { rawValue.uppercased() }
}

/// Where each service is reached, following the AWS SDK conventions:
/// `AWS_ENDPOINT_URL_<SERVICE>` (e.g. `AWS_ENDPOINT_URL_DYNAMODB`), then `AWS_ENDPOINT_URL`,
/// then the public endpoint for the region. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns
/// the overrides off. Region: `AWS_REGION`, then `AWS_DEFAULT_REGION`.
public struct AWSEndpointResolver: Sendable {
    public struct Endpoint: Sendable, Equatable {
        public var scheme: String
        /// Host with `:port` when not the default.
        public var host: String
        /// True when overridden (local endpoint): S3 then uses path-style addressing.
        public var isCustom: Bool

        public init(scheme: String, host: String, isCustom: Bool) {
            self.scheme = scheme
            self.host = host
            self.isCustom = isCustom
        }
    }

    public enum ConfigurationError: Error, CustomStringConvertible, Equatable {
        case invalidEndpoint(variable: String, value: String)
        case missingRegion
        /// A shared client pool trusts another CA bundle than `AWS_CA_BUNDLE` names.
        case trustMismatch(environment: String?, pool: String?)

        public var description: String {
            switch self {
            case .invalidEndpoint(let variable, let value):
                "\(variable)=\(value) is not an http(s) URL with a host; set it like http://127.0.0.1:5000"
            case .missingRegion:
                "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION), or give the region in the pipeline's environment"
            case .trustMismatch(let environment, let pool):
                "AWS_CA_BUNDLE is \(environment ?? "unset") but the shared HTTP client pool trusts \(pool ?? "the system's roots only"); "
                    + "make the pool with AWSHTTPClientPool.fromEnvironment from the same environment"
            }
        }
    }

    public var overrides: [AWSService: URL]
    public var global: URL?

    public init(overrides: [AWSService: URL] = [:], global: URL? = nil) {
        self.overrides = overrides
        self.global = global
    }

    /// Reads the overrides from the environment.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AWSEndpointResolver {
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true" { return AWSEndpointResolver() }
        func url(_ variable: String) throws -> URL? {
            guard let value = environment[variable], !value.isEmpty else { return nil }
            guard let url = URL(string: value), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw ConfigurationError.invalidEndpoint(variable: variable, value: value)
            }
            return url
        }
        var overrides: [AWSService: URL] = [:]
        for service in AWSService.allCases {
            if let url = try url("AWS_ENDPOINT_URL_\(service.environmentID)") { overrides[service] = url }
        }
        return AWSEndpointResolver(overrides: overrides, global: try url("AWS_ENDPOINT_URL"))
    }

    /// `AWS_REGION`, then `AWS_DEFAULT_REGION`.
    public static func region(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let value = environment[variable], !value.isEmpty { return value }
        }
        return nil
    }

    public func endpoint(for service: AWSService, region: String) -> Endpoint {
        if let url = overrides[service] ?? global {
            var host = url.host ?? "127.0.0.1"
            if let port = url.port { host += ":\(port)" }
            return Endpoint(scheme: url.scheme ?? "http", host: host, isCustom: true)
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        switch service {
        case .s3 where region == "us-east-1":
            return Endpoint(scheme: "https", host: "s3.amazonaws.com", isCustom: false)
        default:
            return Endpoint(scheme: "https", host: "\(service.rawValue).\(region).\(suffix)", isCustom: false)
        }
    }
}
