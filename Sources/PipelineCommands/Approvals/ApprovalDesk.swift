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
    let authority: RunApprovalAuthority
    let environment: [String: String]

    enum Outcome {
        /// `--print-statement`: nothing recorded.
        case statement(ApprovalStatement)
        case recorded(ApprovalRecord, GatePolicy.Situation, GatePolicy.Standing)
    }

    func decide(_ decision: ApprovalStatement.Decision, reason: String?, options: ApprovalOptions) async throws -> Outcome {
        let situation = try GatePolicy.situation(stage: options.stage, run: run, definition: definition, store: store,
                                                 proposed: authority.proposed)
        // Decisions are verified under the trust root in force, not the commit's own proposal.
        let verifier = try ApprovalVerifier(pipeline: definition.name, trust: situation.trust.root, fetcher: authority.fetcher)
        let statement: ApprovalStatement
        if let path = options.statement {
            statement = try readStatement(path)
            guard statement.decision == decision else {
                throw ApprovalCommandError.statementMismatch("the statement in \(path) is a decision to \(statement.decision.rawValue), not to \(decision.rawValue)")
            }
        } else {
            let approver = try await identity(options, verifier: verifier, trust: situation.trust.root)
            statement = ApprovalStatement(
                version: 1, pipeline: definition.name, run: run.id, stage: situation.stage.name, environment: situation.stage.environment?.name,
                commit: run.commit, planHash: situation.plan?.hash, role: try role(of: approver, gate: situation.gate, members: situation.trust.root.members, options: options),
                approver: approver, decision: decision, reason: reason, issuedAt: Date(), nonce: ApprovalStatement.makeNonce())
        }
        try matches(statement, situation: situation)
        if options.printStatement { return .statement(statement) }

        let proof = try await self.proof(for: statement, options: options, verifier: verifier, trust: situation.trust.root)
        let record = ApprovalRecord(runID: run.id, stage: statement.stage, role: statement.role, approver: statement.approver,
                                    commit: statement.commit, planHash: statement.planHash, proof: proof)
        let contributors = authority.contributors(after: situation.trust.lastDeployedCommit, upTo: run.commit)
        // Rows the gate would refuse (forged, replayed) neither fill a slot nor block this one.
        let before = try await GateReview.review(stage: situation.stage, run: run, store: store, authority: authority,
                                                 proposed: authority.proposed, planHash: situation.plan?.hash)
        try GatePolicy.record(record, run: run, situation: situation, store: store, contributors: contributors,
                              disregarding: Set(before?.refused.map { GateReview.rowKey($0.approval) } ?? []))
        // The standing as the gate will see it: what verified before, and this decision.
        let standing = GatePolicy.standing(of: situation.gate, approvals: (before?.counted ?? []) + [record], commit: run.commit,
                                           planHash: situation.plan?.hash)
        return .recorded(record, situation, standing)
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

    private func proof(for statement: ApprovalStatement, options: ApprovalOptions, verifier: ApprovalVerifier,
                       trust: TrustRoot) async throws -> ApprovalProof {
        if let signature = options.signature {
            guard let data = FileManager.default.contents(atPath: signature) else { throw ApprovalCommandError.unreadable(path: signature) }
            return try verifier.verifySSH(statement, signature: String(decoding: data, as: UTF8.self))
        }
        if let token = try options.givenToken() {
            return try await verifier.verifyOIDC(statement, token: token)
        }
        if options.githubOIDC {
            return try await verifier.verifyOIDC(statement, token: try await githubToken(for: statement, trust: trust))
        }
        if options.unsigned || (options.key == nil && trust.allowUnsigned) {
            return ApprovalProof(decision: statement.decision == .reject ? .reject : .approve, reason: statement.reason,
                                 method: .unverified, statement: String(decoding: statement.canonicalData(), as: UTF8.self),
                                 nonce: statement.nonce)
        }
        let key = try options.key ?? defaultKey(for: statement.approver, verifier: verifier, trust: trust)
        let signature = try SSHSigner.sign(statement.canonicalData(), keyFile: key)
        return try verifier.verifySSH(statement, signature: signature)
    }

    /// A GitHub Actions OIDC token whose audience binds it to `statement`.
    private func githubToken(for statement: ApprovalStatement, trust: TrustRoot) async throws -> String {
        guard let provider = githubProvider(trust) else { throw ApprovalCommandError.noIdentityProvider(pipeline: definition.name) }
        guard let url = environment["ACTIONS_ID_TOKEN_REQUEST_URL"], let bearer = environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] else {
            throw ApprovalCommandError.noGitHubToken
        }
        return try await GitHubActionsOIDCTokenSource(requestURL: url, requestToken: bearer, audience: "\(provider.audience):\(statement.digest)").token()
    }

    /// Who approves: `--as`, else the one approver the key's principals or token's identity name.
    private func identity(_ options: ApprovalOptions, verifier: ApprovalVerifier, trust: TrustRoot) async throws -> String {
        if let approver = options.approver { return approver }
        if options.githubOIDC, let actor = environment["GITHUB_ACTOR"], let provider = githubProvider(trust) {
            return provider.identity(forClaim: actor)
        }
        if let token = try options.givenToken(), let identity = ApprovalTokenClaims.identity(in: token, providers: verifier.issuers) {
            return identity
        }
        if let key = options.key {
            let publicKey = try SSHKeyFile.publicKey(of: key)
            let principals = signers(of: publicKey, verifier: verifier, trust: trust)
            if principals.count == 1 { return principals[0] }
            if principals.isEmpty, let listed = verifier.signers.entries.first(where: { $0.key == publicKey }) {
                // Listed, but not usable now: say why (expired, another namespace), not "not listed".
                try verifier.signers.authorize(key: publicKey, principal: listed.principals[0], namespace: ApprovalStatement.namespace, at: Date())
            }
            throw ApprovalCommandError.whoAreYou(principals.isEmpty
                ? "the key \(key) is not listed for any trusted approver of pipeline '\(definition.name)'"
                : "the key \(key) is listed for \(principals.joined(separator: ", ")); say which with --as")
        }
        throw ApprovalCommandError.whoAreYou("say who you are with --as (as declared in the pipeline's Approvers)")
    }

    /// The identity provider GitHub Actions tokens come from: GitHub's issuer, else the only one declared.
    private func githubProvider(_ trust: TrustRoot) -> IdentityProviderDefinition? {
        let providers = trust.providers
        return providers.first { $0.issuer == IdentityProviderDefinition.githubIssuer } ?? (providers.count == 1 ? providers.first : nil)
    }

    private func signers(of key: SSHPublicKey, verifier: ApprovalVerifier, trust: TrustRoot) -> [String] {
        verifier.signers.principals(for: key, namespace: ApprovalStatement.namespace, at: Date())
            .filter { trust.members[$0] != nil }.sorted()
    }

    /// A key in ~/.ssh listed for `approver`, when none was given.
    private func defaultKey(for approver: String, verifier: ApprovalVerifier, trust: TrustRoot) throws -> String {
        let home = environment["HOME"] ?? NSHomeDirectory()
        for name in ["id_ed25519", "id_ecdsa", "id_rsa"] {
            let path = "\(home)/.ssh/\(name)"
            guard FileManager.default.fileExists(atPath: path + ".pub"),
                  let key = try? SSHKeyFile.publicKey(of: path + ".pub"), signers(of: key, verifier: verifier, trust: trust).contains(approver) else { continue }
            return FileManager.default.fileExists(atPath: path) ? path : path + ".pub"
        }
        throw ApprovalCommandError.whoAreYou("pipeline '\(definition.name)' accepts only signed decisions, and no key in \(home)/.ssh is listed for \(approver): sign with --key FILE, or prove who you are with --token or --github-oidc")
    }

    private func role(of approver: String, gate: GateDefinition, members: [String: [String]], options: ApprovalOptions) throws -> String {
        if let role = options.role { return role }
        let held = (members[approver] ?? []).filter(gate.roles.contains)
        if held.count == 1 { return held[0] }
        throw ApprovalCommandError.whichRole(approver: approver, held: held, gateRoles: gate.roles)
    }
}
