/// A deployment target: an AWS account and region, the role the runner assumes there, the gate
/// in front of it, and its settings.
///
/// ```swift
/// let prod = Environment("prod", account: "093646564004", region: "af-south-1",
///                        role: "bbws-deploy-prod",
///                        gate: .approvals(["Tech Lead", "Product Owner", "DevOps Lead"]),
///                        tags: ["Environment": "prod"],
///                        disasterRecovery: .replicate(to: "eu-west-1"))
/// ```
public struct Environment: Sendable, Equatable {
    public var name: String
    /// The 12-digit AWS account id.
    public var account: String
    public var region: String
    /// The IAM role name (or full ARN) assumed with the CI's OIDC token.
    public var role: String
    /// The approval gate in front of every deployment to this environment.
    public var gate: Gate?
    /// Tags applied to every resource provisioned here.
    public var tags: [String: String]
    /// Free-form settings steps can read (backup policy, retention days, …).
    public var settings: [String: Value]
    public var disasterRecovery: DisasterRecovery?
    public var location: SourceLocation

    public init(
        _ name: String,
        account: String,
        region: String,
        role: String,
        gate: Gate? = nil,
        tags: [String: String] = [:],
        settings: [String: Value] = [:],
        disasterRecovery: DisasterRecovery? = nil,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        self.name = name
        self.account = account
        self.region = region
        self.role = role
        self.gate = gate
        self.tags = tags
        self.settings = settings
        self.disasterRecovery = disasterRecovery
        self.location = SourceLocation(file, line)
    }

    /// The full ARN of `role`.
    public var roleARN: String {
        PipelineSerialization.Environment.roleARN(role: role, account: account)
    }
}
