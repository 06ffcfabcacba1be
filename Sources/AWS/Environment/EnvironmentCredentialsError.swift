/// Why an environment's credentials cannot be had. Names the environment and its role; never a secret.
public struct EnvironmentCredentialsError: Error, Sendable, CustomStringConvertible {
    public var environment: String
    public var role: String
    /// What failed and what to do (STS's refusal, a missing setting…), already free of secrets.
    public var reason: String

    public init(environment: String, role: String, reason: String) {
        self.environment = environment
        self.role = role
        self.reason = reason
    }

    public var description: String { "credentials for environment \(environment) (role \(role)): \(reason)" }
}
