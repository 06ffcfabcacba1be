/// A deployment target as the engine sees it.
public struct EnvironmentDefinition: Codable, Sendable, Equatable {
    public var name: String
    public var account: String
    public var region: String
    public var role: String
    public var gate: GateDefinition?
    public var tags: [String: String]
    public var settings: [String: JSONValue]
    public var disasterRecovery: DisasterRecovery?
    public var location: SourceLocation

    public struct DisasterRecovery: Codable, Sendable, Equatable {
        public var replicaRegions: [String]
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
        role.hasPrefix("arn:") ? role : "arn:aws:iam::\(account):role/\(role)"
    }
}

/// The approvals a gated stage needs.
public struct GateDefinition: Codable, Sendable, Equatable {
    /// Roles that must each be covered by a different approver.
    public var requiredRoles: [String]
    /// Roles whose holders may approve (includes `requiredRoles`).
    public var roles: [String]
    /// The number of distinct approvers required.
    public var minimumApprovers: Int
    public var preventSelfApproval: Bool

    public init(requiredRoles: [String], roles: [String]? = nil, minimumApprovers: Int? = nil, preventSelfApproval: Bool = false) {
        self.requiredRoles = requiredRoles
        var eligible = roles ?? requiredRoles
        for role in requiredRoles where !eligible.contains(role) { eligible.append(role) }
        self.roles = eligible
        self.minimumApprovers = max(minimumApprovers ?? requiredRoles.count, requiredRoles.count, 1)
        self.preventSelfApproval = preventSelfApproval
    }

    /// A one-line description, e.g. `2 approvers: Tech Lead, QA Lead`.
    public var summary: String {
        if minimumApprovers == requiredRoles.count {
            return "\(minimumApprovers) approver\(minimumApprovers == 1 ? "" : "s"): \(requiredRoles.joined(separator: " + "))"
        }
        return "\(minimumApprovers) approvers from \(roles.joined(separator: ", "))"
    }
}
