/// The approvals a gated stage needs.
public struct GateDefinition: Codable, Sendable, Equatable {
    /// Roles that must each be covered by a different approver.
    public var requiredRoles: [String]
    /// Roles whose holders may approve (includes `requiredRoles`).
    public var roles: [String]
    /// The number of distinct approvers required.
    public var minimumApprovers: Int
    public var preventSelfApproval: Bool

    public init(requiredRoles: [String], roles: [String]? = nil, minimumApprovers: Int? = nil, preventSelfApproval: Bool = true) {
        let normalised = PipelineSerialization.Gate(
            requiredRoles: requiredRoles, roles: roles, minimumApprovers: minimumApprovers, preventSelfApproval: preventSelfApproval)
        self.requiredRoles = normalised.requiredRoles
        self.roles = normalised.roles
        self.minimumApprovers = normalised.minimumApprovers
        self.preventSelfApproval = normalised.preventSelfApproval
    }

    /// A one-line description, e.g. `2 approvers: Tech Lead, QA Lead`.
    public var summary: String {
        if minimumApprovers == requiredRoles.count {
            return "\(minimumApprovers) approver\(minimumApprovers == 1 ? "" : "s"): \(requiredRoles.joined(separator: " + "))"
        }
        return "\(minimumApprovers) approvers from \(roles.joined(separator: ", "))"
    }
}
