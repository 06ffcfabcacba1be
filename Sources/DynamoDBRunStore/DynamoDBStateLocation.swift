import AWS
import Foundation
import PipelineBasics

/// Where a DynamoDB run store is: `dynamodb://TABLE?region=af-south-1[&role=arn:aws:iam::…:role/…]`.
///
/// The store is reached with the runner's own credentials (the process's `AWS_*` variables, a
/// web identity token file, or, with `role`, that role assumed through them or through the CI's
/// OIDC token), never a step's, and through the runner's endpoint settings (`AWS_ENDPOINT_URL*`,
/// `AWS_CA_BUNDLE`).
public struct DynamoDBStateLocation: Sendable, Equatable {
    public var table: String
    public var region: String
    public var role: String?

    public static let scheme = "dynamodb"

    public init(table: String, region: String, role: String? = nil) throws {
        try Self.check(table: table, region: region, role: role, location: "dynamodb://\(table)")
        self.table = table
        self.region = region
        self.role = role
    }

    /// `dynamodb://TABLE?region=…&role=…`; the region defaults to `AWS_REGION` / `AWS_DEFAULT_REGION`.
    public static func parse(_ location: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DynamoDBStateLocation {
        guard let components = URLComponents(string: location), components.scheme?.lowercased() == scheme,
              let table = components.host, !table.isEmpty else {
            throw DynamoDBStateError.badLocation(location, reason: "write it as dynamodb://TABLE?region=REGION[&role=ROLE_ARN]")
        }
        guard components.path.isEmpty || components.path == "/" else {
            throw DynamoDBStateError.badLocation(location, reason: "a table name has no path ('\(components.path)'); write dynamodb://TABLE?region=REGION")
        }
        var region: String?
        var role: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "region": region = item.value
            case "role": role = item.value
            default:
                throw DynamoDBStateError.badLocation(location, reason: "unknown setting '\(item.name)'; known: region, role")
            }
        }
        guard let region = region ?? AWSEndpointResolver.region(environment) else {
            throw DynamoDBStateError.badLocation(location, reason: "no region: add ?region=REGION (or set AWS_REGION)")
        }
        try check(table: table, region: region, role: role, location: location)
        return try DynamoDBStateLocation(table: table, region: region, role: role)
    }

    /// The location as a URL (what `--state` and `PIPELINE_STATE` take).
    public var url: String {
        var components = URLComponents()
        components.scheme = Self.scheme
        components.host = table
        components.queryItems = [URLQueryItem(name: "region", value: region)] + (role.map { [URLQueryItem(name: "role", value: $0)] } ?? [])
        return components.string ?? "dynamodb://\(table)?region=\(region)"
    }

    static func check(table: String, region: String, role: String?, location: String) throws {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        guard (3...255).contains(table.count), table.unicodeScalars.allSatisfy(allowed.contains) else {
            throw DynamoDBStateError.badLocation(location, reason: "'\(table)' is not a DynamoDB table name (3-255 of a-z A-Z 0-9 _ . -)")
        }
        guard AWSRegion.isKnown(region) else {
            let near = AWSRegion.suggestions(for: region)
            throw DynamoDBStateError.badLocation(location, reason: "unknown region '\(region)'\(near.isEmpty ? "" : "; did you mean \(near.joined(separator: " or "))?")")
        }
        if let role {
            do { try RoleARN.check(role) } catch {
                throw DynamoDBStateError.badLocation(location, reason: "role: \(error)")
            }
        }
    }

    /// A DynamoDB client in the location's region with the runner's credentials.
    public func client(environment: [String: String] = ProcessInfo.processInfo.environment,
                       onSecret: SecretSink? = nil, onEvent: (@Sendable (AWSEvent) -> Void)? = nil) throws -> DynamoDBClient {
        do {
            if let role {
                let credentials = try EnvironmentCredentials(environment: "run state", roleARN: role, region: region, runID: "state",
                                                             processEnvironment: environment, onSecret: onSecret, onEvent: onEvent)
                return DynamoDBClient(configuration: credentials.configuration(onEvent: onEvent))
            }
            let sts = STSClient(configuration: try AWSConfiguration.fromEnvironment(environment, region: region,
                                                                                   credentials: AnonymousCredentialProvider()))
            let chain = CredentialChain.standard(environment: environment, sts: sts, runID: "state", onSecret: onSecret)
            return DynamoDBClient(configuration: try AWSConfiguration.fromEnvironment(environment, region: region, credentials: chain,
                                                                                     onEvent: onEvent))
        } catch {
            throw DynamoDBStateError.cannotConnect(url, reason: "\(error)")
        }
    }

    /// Opens the store (the table must exist: `pipeline state init`).
    public func open(environment: [String: String] = ProcessInfo.processInfo.environment, onSecret: SecretSink? = nil,
                     onEvent: (@Sendable (AWSEvent) -> Void)? = nil) throws -> DynamoDBRunStore {
        try DynamoDBRunStore(table: table, client: client(environment: environment, onSecret: onSecret, onEvent: onEvent))
    }
}

/// A DynamoDB state location that cannot be used.
public enum DynamoDBStateError: PipelineError {
    case badLocation(String, reason: String)
    case cannotConnect(String, reason: String)
    /// The table is not there (in the account the credentials reach): `pipeline state init` makes it.
    case missingTable(String, region: String)

    public var description: String {
        switch self {
        case .missingTable(let table, let region):
            "the DynamoDB table '\(table)' does not exist in \(region) (in the account the state's credentials reach); create it with `pipeline state init --state dynamodb://\(table)?region=\(region)` (with the same `&role=` as the pipeline's state, if it names one)"
        case .badLocation(let location, let reason): "state location '\(location)': \(reason)"
        case .cannotConnect(let location, let reason): "cannot reach the state at \(location): \(reason)"
        }
    }

    public var isUserError: Bool { true }
}
