import Foundation

/// What an approver decided and the evidence of who they are: the signed statement exactly as
/// signed, and the SSH signature or OIDC token over it, kept so anyone can check it again
/// (`pipeline status RUN --verify`).
public struct ApprovalProof: Codable, Sendable, Equatable {
    public enum Decision: String, Codable, Sendable { case approve, reject }
    /// How the approver's identity was established.
    public enum Method: String, Codable, Sendable {
        /// An SSH signature by a key listed for the approver.
        case ssh
        /// An OIDC token from a declared identity provider.
        case oidc
        /// A name given with `--unsigned --as`, where the pipeline allows it; nothing proves it.
        case unverified
    }

    public var decision: Decision
    /// Why, for a rejection.
    public var reason: String?
    public var method: Method
    /// What proved the identity, e.g. `ssh-ed25519 SHA256:…` or `https://issuer sub=…`.
    public var detail: String?
    /// The canonical statement the approver signed (JSON).
    public var statement: String?
    /// The armored SSH signature or the compact JWT over the statement.
    public var evidence: String?
    /// The statement's nonce: a statement counts once.
    public var nonce: String?

    public init(decision: Decision = .approve, reason: String? = nil, method: Method = .unverified, detail: String? = nil,
                statement: String? = nil, evidence: String? = nil, nonce: String? = nil) {
        self.decision = decision
        self.reason = reason
        self.method = method
        self.detail = detail
        self.statement = statement
        self.evidence = evidence
        self.nonce = nonce
    }

    /// `verified (ssh-ed25519 SHA256:…)`, `verified (oidc …)` or `unverified`.
    public var verificationSummary: String {
        switch method {
        case .unverified: "unverified"
        case .ssh, .oidc: "verified by \(method == .ssh ? "SSH signature" : "OIDC token")\(detail.map { " (\($0))" } ?? "")"
        }
    }
}
