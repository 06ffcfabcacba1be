import ApprovalSignatures
import Foundation
import PipelineEngine
import PipelineModel
import RepositoryHistory

/// Checks who made an approval statement, the way every command does it: SSH signatures against
/// the keys the pipeline declares and the `allowed_signers` file at the run's commit, OIDC
/// tokens against the pipeline's identity providers.
struct ApprovalVerifier {
    let definition: PipelineDefinition
    let run: RunRecord
    let signers: AllowedSigners
    let fetcher: any JWKSFetching

    init(definition: PipelineDefinition, run: RunRecord, repositoryRoot: URL, fetcher: any JWKSFetching = URLSessionJWKSFetcher()) throws {
        self.definition = definition
        self.run = run
        self.fetcher = fetcher
        self.signers = try Self.signers(definition.approvers, commit: run.commit, repositoryRoot: repositoryRoot)
    }

    /// The declared keys and the repository's allowed_signers file (at `commit`, or the working
    /// tree when there is no commit), as one list.
    static func signers(_ approvers: PipelineDefinition.Approvers, commit: String?, repositoryRoot: URL) throws -> AllowedSigners {
        let declared = approvers.keys.sorted { $0.key < $1.key }.flatMap { identity, lines in
            lines.map { "\"\(identity.replacingOccurrences(of: "\"", with: ""))\" namespaces=\"\(ApprovalStatement.namespace)\" \($0)" }
        }
        var signers = try AllowedSigners(contents: declared.joined(separator: "\n"),
                                         source: "the keys in Approvers\(approvers.location.map { " (\($0))" } ?? "")")
        guard let path = approvers.allowedSigners else { return signers }
        let contents: Data
        if let commit {
            let repository = try Repository(discoveringFrom: repositoryRoot)
            let id = try repository.resolve(commit)
            guard try repository.fileExists(path, at: id) else { return signers }
            contents = try repository.contents(of: path, at: id)
        } else {
            guard let data = FileManager.default.contents(atPath: repositoryRoot.appendingPathComponent(path).path) else { return signers }
            contents = data
        }
        let file = try AllowedSigners(contents: String(decoding: contents, as: UTF8.self),
                                      source: commit.map { "\(path) at \($0.prefix(12))" } ?? path)
        signers.entries += file.entries
        return signers
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
        guard !definition.approvers.identityProviders.isEmpty else {
            throw ApprovalCommandError.noIdentityProvider(pipeline: definition.name)
        }
        let identity = try await OIDCIdentityVerifier(issuers: issuers, fetcher: fetcher).verify(statement, token: token, at: date)
        return proof(statement, identity: identity, evidence: token)
    }

    var issuers: [OIDCIssuer] { definition.approvers.identityProviders }

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
