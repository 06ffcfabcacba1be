/// An approval gate in front of a stage: the stage waits until enough distinct people holding
/// the right roles have approved this run, for its commit.
///
/// - `.approvals(["Tech Lead", "QA Lead"])`: one approver per role, each a different person.
/// - `.approvals(count: 2, from: ["Tech Lead", "QA Lead", "DevOps Lead"])`: any two different
///   people holding one of these roles.
public struct Gate: Sendable, Equatable {
    /// Roles that must each be covered by a different approver.
    public var requiredRoles: [String]
    /// Roles whose holders may approve this gate (includes `requiredRoles`).
    public var roles: [String]
    /// The number of distinct approvers required.
    public var minimumApprovers: Int
    /// When true (the default), neither the person who started the run nor the author of its
    /// commit can approve it, like GitHub's "prevent self-review".
    public var preventSelfApproval: Bool

    public init(requiredRoles: [String], roles: [String]? = nil, minimumApprovers: Int? = nil, preventSelfApproval: Bool = true) {
        let normalised = PipelineSerialization.Gate(
            requiredRoles: requiredRoles, roles: roles, minimumApprovers: minimumApprovers, preventSelfApproval: preventSelfApproval)
        self.requiredRoles = normalised.requiredRoles
        self.roles = normalised.roles
        self.minimumApprovers = normalised.minimumApprovers
        self.preventSelfApproval = normalised.preventSelfApproval
    }

    /// One approval per role, each from a different person: `.approvals(["Tech Lead", "QA Lead"])`.
    public static func approvals(_ roles: [String], preventSelfApproval: Bool = true) -> Gate {
        Gate(requiredRoles: roles, preventSelfApproval: preventSelfApproval)
    }

    /// `count` distinct approvers, each holding one of `roles`.
    public static func approvals(count: Int, from roles: [String], preventSelfApproval: Bool = true) -> Gate {
        Gate(requiredRoles: [], roles: roles, minimumApprovers: count, preventSelfApproval: preventSelfApproval)
    }
}
