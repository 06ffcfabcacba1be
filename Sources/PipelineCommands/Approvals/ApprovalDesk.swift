import ApprovalSignatures
import AWS
import Foundation
import PipelineEngine
import PipelineModel

/// Turns `pipeline approve` / `pipeline reject` into a verified, recorded decision: builds the
/// statement (or reads one signed elsewhere), gets its proof (SSH signature, OIDC token, or none
/// where the pipeline allows it), verifies it, and records it under the gate's rules.
struct ApprovalDesk {
    let run: RunRecord
    let definition: PipelineDefinition
    let store: any RunStore
    let verifier: ApprovalVerifier
    let environment: [String: String]

    enum Outcome {
        /// `--print-statement`: nothing recorded.
        case statement(ApprovalStatement)
        case recorded(ApprovalRecord, GatePolicy.Situation, GatePolicy.Standing)
    }

    func decide(_ decision: ApprovalStatement.Decision, reason: String?, options: ApprovalOptions) async throws -> Outcome {
        let situation = try GatePolicy.situation(stage: options.stage, run: run, definition: definition, store: store)
        let statement: ApprovalStatement
        if let path = options.statement {
            statement = try readStatement(path)
            guard statement.decision == decision else {
                throw ApprovalCommandError.statementMismatch("the statement in \(path) is a decision to \(statement.decision.rawValue), not to \(decision.rawValue)")
            }
        } else {
            let approver = try await identity(options)
            statement = ApprovalStatement(
                version: 1, pipeline: definition.name, run: run.id, stage: situation.stage.name, environment: situation.stage.environment?.name,
                commit: run.commit, planHash: situation.plan?.hash, role: try role(of: approver, gate: situation.gate, options: options, decision: decision),
                approver: approver, decision: decision, reason: reason, issuedAt: Date(), nonce: ApprovalStatement.makeNonce())
        }
        try matches(statement, situation: situation)
        if options.printStatement { return .statement(statement) }

        let proof = try await self.proof(for: statement, options: options)
        let record = ApprovalRecord(runID: run.id, stage: statement.stage, role: statement.role, approver: statement.approver,
                                    commit: statement.commit, planHash: statement.planHash, proof: proof)
        let (recordedSituation, standing) = try GatePolicy.record(record, run: run, definition: definition, store: store)
        return .recorded(record, recordedSituation, standing)
    }

    /// The statement must be about this run's stage, as it stands: a statement for another
    /// pipeline, run, stage or environment is refused here; commit and plan by the gate's rules.
    private func matches(_ statement: ApprovalStatement, situation: GatePolicy.Situation) throws {
        let pairs: [(String, String?, String?)] = [
            ("pipeline", statement.pipeline, definition.name), ("run", statement.run, run.id),
            ("stage", statement.stage, situation.stage.name), ("environment", statement.environment, situation.stage.environment?.name),
        ]
        for (field, signed, actual) in pairs where signed != actual {
            throw ApprovalCommandError.statementMismatch("the statement is for \(field) \(signed ?? "none"), not \(actual ?? "none")")
        }
        if statement.decision == .reject && (statement.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ApprovalCommandError.statementMismatch("a rejection needs a reason")
        }
    }

    private func readStatement(_ path: String) throws -> ApprovalStatement {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ApprovalCommandError.unreadable(path: path)
        }
        return try ApprovalStatement.parse(canonical: data)
    }

    private func proof(for statement: ApprovalStatement, options: ApprovalOptions) async throws -> ApprovalProof {
        if let signature = options.signature {
            guard let data = FileManager.default.contents(atPath: signature) else { throw ApprovalCommandError.unreadable(path: signature) }
            return try verifier.verifySSH(statement, signature: String(decoding: data, as: UTF8.self))
        }
        if let token = try options.givenToken() {
            return try await verifier.verifyOIDC(statement, token: token)
        }
        if options.githubOIDC {
            return try await verifier.verifyOIDC(statement, token: try await githubToken(for: statement))
        }
        if options.unsigned || (options.key == nil && definition.approvers.allowUnsigned) {
            return ApprovalProof(decision: statement.decision == .reject ? .reject : .approve, reason: statement.reason,
                                 method: .unverified, statement: String(decoding: statement.canonicalData(), as: UTF8.self),
                                 nonce: statement.nonce)
        }
        let key = try options.key ?? defaultKey(for: statement.approver)
        let signature = try SSHSigner.sign(statement.canonicalData(), keyFile: key)
        return try verifier.verifySSH(statement, signature: signature)
    }

    /// A GitHub Actions OIDC token whose audience binds it to `statement`.
    private func githubToken(for statement: ApprovalStatement) async throws -> String {
        guard let provider = githubProvider else { throw ApprovalCommandError.noIdentityProvider(pipeline: definition.name) }
        guard let url = environment["ACTIONS_ID_TOKEN_REQUEST_URL"], let bearer = environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] else {
            throw ApprovalCommandError.noGitHubToken
        }
        return try await GitHubActionsOIDCTokenSource(requestURL: url, requestToken: bearer, audience: "\(provider.audience):\(statement.digest)").token()
    }

    /// Who approves: `--as`, else the one approver the key's principals or token's identity name.
    private func identity(_ options: ApprovalOptions) async throws -> String {
        if let approver = options.approver { return approver }
        if options.githubOIDC, let actor = environment["GITHUB_ACTOR"], let provider = githubProvider {
            return provider.identity(forClaim: actor)
        }
        if let token = try options.givenToken(), let identity = ApprovalTokenClaims.identity(in: token, providers: definition.approvers.identityProviders) {
            return identity
        }
        if let key = options.key {
            let principals = try signers(of: SSHKeyFile.publicKey(of: key))
            if principals.count == 1 { return principals[0] }
            throw ApprovalCommandError.whoAreYou(principals.isEmpty
                ? "the key \(key) is not listed for any approver of pipeline '\(definition.name)'"
                : "the key \(key) is listed for \(principals.joined(separator: ", ")); say which with --as")
        }
        throw ApprovalCommandError.whoAreYou("say who you are with --as (as declared in the pipeline's Approvers)")
    }

    /// The identity provider GitHub Actions tokens come from: GitHub's issuer, else the only one declared.
    private var githubProvider: IdentityProviderDefinition? {
        let providers = definition.approvers.identityProviders
        return providers.first { $0.issuer == IdentityProviderDefinition.githubIssuer } ?? (providers.count == 1 ? providers.first : nil)
    }

    private func signers(of key: SSHPublicKey) -> [String] {
        verifier.signers.principals(for: key, namespace: ApprovalStatement.namespace, at: Date())
            .filter { definition.approvers.members[$0] != nil }.sorted()
    }

    /// A key in ~/.ssh listed for `approver`, when none was given.
    private func defaultKey(for approver: String) throws -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
            let path = "\(home)/.ssh/\(name)"
            guard FileManager.default.fileExists(atPath: path + ".pub"),
                  let key = try? SSHKeyFile.publicKey(of: path + ".pub"), signers(of: key).contains(approver) else { continue }
            return FileManager.default.fileExists(atPath: path) ? path : path + ".pub"
        }
        throw ApprovalCommandError.whoAreYou("pipeline '\(definition.name)' accepts only signed decisions, and no key in \(home)/.ssh is listed for \(approver): sign with --key FILE, or prove who you are with --token or --github-oidc")
    }

    private func role(of approver: String, gate: GateDefinition, options: ApprovalOptions, decision: ApprovalStatement.Decision) throws -> String {
        if let role = options.role { return role }
        let held = (definition.approvers.members[approver] ?? []).filter(gate.roles.contains)
        if held.count == 1 { return held[0] }
        throw ApprovalCommandError.whichRole(approver: approver, held: held, gateRoles: gate.roles)
    }
}
