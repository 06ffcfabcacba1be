import ApprovalSignatures
import Foundation
import PipelineModel
import RepositoryHistory

/// Load-time checks of a pipeline's approvers: their keys parse, the allowed_signers file (as
/// committed at HEAD) parses, one key is one person (no principal patterns, no key under two
/// names), and every gate can be satisfied by people whose identity the runner
/// can verify.
enum ApproverChecks {
    static func problems(of definition: PipelineDefinition, repositoryRoot: URL) -> [String] {
        let approvers = definition.approvers
        var problems: [String] = []
        for (identity, lines) in approvers.keys.sorted(by: { $0.key < $1.key }) {
            if approvers.members[identity] == nil {
                problems.append("Approvers(keys:) lists keys for '\(identity)', who holds no role; add them to the members or remove the keys")
            }
            for line in lines {
                do { _ = try SSHPublicKey(authorizedKeyLine: line) } catch {
                    problems.append("the key of '\(identity)' in Approvers(keys:) is not an SSH public key: \(error)")
                }
            }
        }
        guard problems.isEmpty else { return problems }
        let commit = approvers.allowedSigners == nil ? nil : ApprovalVerifier.headCommit(repositoryRoot)
        let signers: AllowedSigners
        do {
            signers = try ApprovalTrust.signers(of: ApprovalTrust.proposed(by: definition, commit: commit, repositoryRoot: repositoryRoot))
        } catch {
            return ["\(error)"]
        }
        guard !approvers.allowUnsigned && approvers.identityProviders.isEmpty else { return [] }
        if let path = approvers.allowedSigners, (try? ApprovalTrust.keysFile(path, commit: commit, repositoryRoot: repositoryRoot)) ?? nil == nil {
            problems.append("the approvers' keys file \(path) does not exist\(commit.map { " at commit \($0.prefix(12))" } ?? ""): commit it with one line per approver key, e.g. `lead@bbws.example namespaces=\"pipeline-approval\" ssh-ed25519 AAAA…` (ssh-keygen's allowed_signers format)")
        }
        let keyed = { (identity: String) in
            signers.entries.contains { $0.allows(principal: identity) && $0.allows(namespace: ApprovalStatement.namespace) }
        }
        for stage in definition.stages {
            guard let gate = stage.gate,
                  let problem = PipelineValidator.unverifiable(gate, of: stage, approvers: approvers, canVerify: keyed) else { continue }
            problems.append(problem)
        }
        return problems
    }
}
