import ApprovalSignatures
import Foundation
import PipelineEngine
import PipelineModel
import RepositoryHistory

/// Checks who made an approval statement, the way every command does it: SSH signatures against
/// the keys of the trust root in force (``GateReview/Trust``), OIDC tokens against its identity
/// providers.
struct ApprovalVerifier: Sendable {
    let pipeline: String
    let trust: TrustRoot
    let signers: AllowedSigners
    let fetcher: any JWKSFetching
    /// One OIDC verifier, so an issuer's keys are fetched once and reused (5 minutes) by every
    /// check this verifier makes.
    let oidc: OIDCIdentityVerifier

    init(pipeline: String, trust: TrustRoot, fetcher: any JWKSFetching = URLSessionJWKSFetcher()) throws {
        self.pipeline = pipeline
        self.trust = trust
        self.fetcher = fetcher
        self.signers = try ApprovalTrust.signers(of: trust)
        self.oidc = OIDCIdentityVerifier(issuers: trust.providers, fetcher: fetcher)
    }

    /// The commit HEAD names in the repository at `root`, or nil outside git (no status scan).
    static func headCommit(_ root: URL) -> String? {
        (try? Repository(discoveringFrom: root).headCommit())?.id.hex
    }

    /// Verifies an SSH-signed statement; returns its proof.
    func verifySSH(_ statement: ApprovalStatement, signature: String, at date: Date = Date()) throws -> ApprovalProof {
        let identity = try SSHIdentityVerifier(signers: signers).verify(statement, signature: signature, at: date)
        return proof(statement, identity: identity, evidence: signature)
    }

    /// Verifies an OIDC-proven statement; returns its proof.
    func verifyOIDC(_ statement: ApprovalStatement, token: String, at date: Date = Date()) async throws -> ApprovalProof {
        guard !issuers.isEmpty else {
            throw ApprovalCommandError.noIdentityProvider(pipeline: pipeline)
        }
        let identity = try await oidc.verify(statement, token: token, at: date)
        return proof(statement, identity: identity, evidence: token)
    }

    var issuers: [OIDCIssuer] { trust.providers }

    private func proof(_ statement: ApprovalStatement, identity: VerifiedIdentity, evidence: String) -> ApprovalProof {
        ApprovalProof(decision: statement.decision == .reject ? .reject : .approve, reason: statement.reason,
                      method: identity.method == .ssh ? .ssh : .oidc, detail: identity.detail,
                      statement: String(decoding: statement.canonicalData(), as: UTF8.self), evidence: evidence, nonce: statement.nonce)
    }

    /// Checks a recorded decision again from its stored statement and evidence: the statement is
    /// the one recorded (run, stage, role, approver, commit, plan) and its proof still verifies
    /// (an OIDC token at the time it was recorded). Returns nil when it holds, else why not.
    func recheck(_ record: ApprovalRecord) async -> String? {
        guard record.proof.method != .unverified else { return "unverified: recorded without a signature" }
        guard let text = record.proof.statement, let evidence = record.proof.evidence else { return "no statement or evidence was kept" }
        do {
            let statement = try ApprovalStatement.parse(canonical: Data(text.utf8))
            if let mismatch = Self.mismatch(statement, record: record) { return mismatch }
            switch record.proof.method {
            case .ssh: _ = try verifySSH(statement, signature: evidence, at: record.approvedAt)
            case .oidc: _ = try await verifyOIDC(statement, token: evidence, at: record.approvedAt)
            case .unverified: break
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Why `statement` is not the statement of `record`, or nil.
    static func mismatch(_ statement: ApprovalStatement, record: ApprovalRecord) -> String? {
        let pairs: [(String, String?, String?)] = [
            ("run", statement.run, record.runID), ("stage", statement.stage, record.stage), ("role", statement.role, record.role),
            ("approver", statement.approver, record.approver), ("commit", statement.commit, record.commit),
            ("plan", statement.planHash, record.planHash),
        ]
        for (field, signed, recorded) in pairs where signed != recorded {
            return "the signed statement's \(field) is \(signed ?? "none"), the record's \(recorded ?? "none")"
        }
        if (statement.decision == .reject) != record.isRejection { return "the signed decision differs from the recorded one" }
        return nil
    }
}
