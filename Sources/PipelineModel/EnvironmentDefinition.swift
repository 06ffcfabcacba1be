/// A deployment target as the engine sees it.
public struct EnvironmentDefinition: Sendable, Equatable {
    public var name: String
    public var account: String
    public var region: String
    public var role: String
    public var gate: GateDefinition?
    public var tags: [String: String]
    public var settings: [String: JSONValue]
    public var disasterRecovery: DisasterRecovery?
    public var location: SourceLocation

    public struct DisasterRecovery: Sendable, Equatable {
        public var replicaRegions: [String]

        public init(replicaRegions: [String]) {
            self.replicaRegions = replicaRegions
        }
    }

    public init(
        name: String, account: String, region: String, role: String, gate: GateDefinition? = nil,
        tags: [String: String] = [:], settings: [String: JSONValue] = [:],
        disasterRecovery: DisasterRecovery? = nil, location: SourceLocation
    ) {
        self.name = name
        self.account = account
        self.region = region
        self.role = role
        self.gate = gate
        self.tags = tags
        self.settings = settings
        self.disasterRecovery = disasterRecovery
        self.location = location
    }

    /// The full ARN of the role to assume.
    public var roleARN: String {
        PipelineSerialization.Environment.roleARN(role: role, account: account)
    }
}
