import Foundation

/// Accepts approvals signed with an SSH key listed in `signers` for the statement's approver.
public struct SSHIdentityVerifier: Sendable {
    public var signers: AllowedSigners

    public init(signers: AllowedSigners) {
        self.signers = signers
    }

    /// Verifies `signature` (armored SSHSIG) over `statement.canonicalData()` in namespace
    /// `pipeline-approval`, by a key that `signers` lists for `statement.approver` at `at`.
    public func verify(_ statement: ApprovalStatement, signature: String, at date: Date) throws -> VerifiedIdentity {
        try statement.validate()
        let parsed = try SSHSignature(armored: signature)
        guard parsed.namespace == ApprovalStatement.namespace else {
            throw ApprovalVerificationError.wrongNamespace(expected: ApprovalStatement.namespace, found: parsed.namespace)
        }
        try signers.authorize(key: parsed.publicKey, principal: statement.approver, namespace: ApprovalStatement.namespace, at: date)
        try parsed.verify(message: statement.canonicalData(), namespace: ApprovalStatement.namespace)
        return VerifiedIdentity(
            method: .ssh, principal: statement.approver, detail: parsed.publicKey.displayName,
            keyFingerprint: parsed.publicKey.fingerprint)
    }
}
