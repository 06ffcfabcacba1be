/// Who may approve gates, in which roles, and how each approval is proven.
///
/// ```swift
/// let team = Approvers(
///     [
///         "lead@bbws.example": ["Lead Developer", "Tech Lead"],
///         "qa@bbws.example": ["QA Lead"],
///     ],
///     allowedSigners: "approvers/allowed_signers",
///     identityProviders: [.githubActions(repository: "bbws/infra", identities: ["bbws-lead": "lead@bbws.example"])]
/// )
/// ```
/// Anyone not listed here is refused at a gate, and a person can approve a gate only in a
/// role listed for them. Every approval is a statement signed by the approver: with an SSH key
/// (`ssh-keygen -Y sign`, the format git uses for signed commits) listed in `keys` or in the
/// repository's `allowedSigners` file, or with an OIDC token from one of `identityProviders`.
/// `allowUnsigned: true` lets `pipeline approve --unsigned --as NAME` count without proof; it is
/// meant for local demos, and such approvals are shown as unverified everywhere.
public struct Approvers: Sendable, Equatable {
    /// Each approver's identity (an e-mail address or login) and the roles they hold.
    public var members: [String: [String]]
    /// Each approver's SSH public keys, as in `authorized_keys` (`ssh-ed25519 AAAA… comment`).
    public var keys: [String: [String]]
    /// An `allowed_signers` file (ssh-keygen(1) format) in the repository, read at the run's commit.
    public var allowedSigners: String?
    /// Issuers whose OIDC tokens prove an approver's identity.
    public var identityProviders: [IdentityProvider]
    /// Whether approvals without a signature count (local demos only).
    public var allowUnsigned: Bool
    /// Where the approvers are declared (for error messages).
    public var location: SourceLocation?

    public init(
        _ members: [String: [String]] = [:], keys: [String: [String]] = [:], allowedSigners: String? = nil,
        identityProviders: [IdentityProvider] = [], allowUnsigned: Bool = false,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        self.location = SourceLocation(file, line)
        self.members = members
        self.keys = keys
        self.allowedSigners = allowedSigners
        self.identityProviders = identityProviders
        self.allowUnsigned = allowUnsigned
    }

    /// Every role held by at least one approver.
    public var roles: Set<String> {
        Set(members.values.flatMap { $0 })
    }
}
