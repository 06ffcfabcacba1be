/// Who may approve gates, and in which roles.
///
/// ```swift
/// let team = Approvers([
///     "lead@bbws.example": ["Lead Developer", "Tech Lead"],
///     "qa@bbws.example": ["QA Lead"],
/// ])
/// ```
/// Anyone not listed here is refused at a gate, and a person can approve a gate only in a
/// role listed for them.
public struct Approvers: Codable, Sendable, Equatable {
    /// Each approver's identity (an e-mail address or login) and the roles they hold.
    public var members: [String: [String]]

    public init(_ members: [String: [String]] = [:]) {
        self.members = members
    }

    /// Every role held by at least one approver.
    public var roles: Set<String> {
        Set(members.values.flatMap { $0 })
    }
}
