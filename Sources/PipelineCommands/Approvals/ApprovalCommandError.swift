import PipelineBasics

/// Why `approve`, `reject` or `approvers` could not go on.
enum ApprovalCommandError: PipelineError {
    case statementMismatch(String)
    case unreadable(path: String)
    case noIdentityProvider(pipeline: String)
    case noGitHubToken
    case whoAreYou(String)
    case whichRole(approver: String, held: [String], gateRoles: [String])

    var isUserError: Bool { true }

    var description: String {
        switch self {
        case .statementMismatch(let reason): "approval refused: \(reason)"
        case .unreadable(let path): "cannot read \(path)"
        case .noIdentityProvider(let pipeline):
            "pipeline '\(pipeline)' declares no identity provider, so an OIDC token proves nothing here; add identityProviders: [...] to its Approvers, or sign with --key"
        case .noGitHubToken:
            "--github-oidc needs ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN: run it in a GitHub Actions job with `permissions: id-token: write`"
        case .whoAreYou(let reason): reason
        case .whichRole(let approver, let held, let gateRoles):
            held.isEmpty
                ? "'\(approver)' holds none of this gate's roles (\(gateRoles.joined(separator: ", ")))"
                : "'\(approver)' holds \(held.joined(separator: ", ")) at this gate; say which with --role"
        }
    }
}
