import Crypto
import Foundation
import PipelineModel

/// Who may approve a deployment to an environment: the approvers and the roles they hold, the
/// SSH keys allowed to sign for them (`allowed_signers` lines, the pipeline's declared keys and
/// its keys file together), the identity providers whose tokens prove them, and the gate of each
/// environment.
///
/// A commit proposes one (``ApprovalAuthority/proposed``); each deployment records the one its
/// commit proposed; the gates of the next deployment to that environment apply the recorded
/// one, never the proposal of the commit under approval. A change to who may approve therefore
/// takes effect once the people trusted before it have approved it. An environment never
/// deployed with a recorded trust root trusts the commit's own on first use, and says so.
public struct TrustRoot: Codable, Sendable, Equatable {
    /// Each approver and the roles they hold.
    public var members: [String: [String]]
    /// The SSH keys allowed to sign approvals, as `allowed_signers` lines.
    public var signers: String
    public var providers: [IdentityProviderDefinition]
    public var allowUnsigned: Bool
    /// The gate of each environment's gated stage, by environment name.
    public var gates: [String: GateDefinition]
    /// The commit that proposed it.
    public var commit: String?

    public init(members: [String: [String]], signers: String, providers: [IdentityProviderDefinition], allowUnsigned: Bool,
                gates: [String: GateDefinition], commit: String?) {
        self.members = members
        self.signers = signers
        self.providers = providers
        self.allowUnsigned = allowUnsigned
        self.gates = gates
        self.commit = commit
    }

    /// What `definition` proposes at `commit`, with `signers` the allowed_signers lines its
    /// declared keys and keys file make.
    public init(proposedBy definition: PipelineDefinition, signers: String, commit: String?) {
        var gates: [String: GateDefinition] = [:]
        for stage in definition.stages {
            if let environment = stage.environment?.name, let gate = stage.gate, gates[environment] == nil { gates[environment] = gate }
        }
        self.init(members: definition.approvers.members, signers: signers, providers: definition.approvers.identityProviders,
                  allowUnsigned: definition.approvers.allowUnsigned, gates: gates, commit: commit)
    }

    /// The approvers as the gate rules read them (keys are in ``signers``).
    public var approvers: PipelineDefinition.Approvers {
        PipelineDefinition.Approvers(members: members, identityProviders: providers, allowUnsigned: allowUnsigned)
    }

    /// Whether `other` grants the same: the same people, roles, keys, providers and gates
    /// (wherever each was proposed).
    public func grantsSame(as other: TrustRoot) -> Bool { digest == other.digest }

    /// A digest of what it grants (not where it came from): equal digests, equal trust.
    public var digest: String {
        var copy = self
        copy.commit = nil
        copy.signers = copy.signers.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }.sorted().joined(separator: "\n")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(copy)) ?? Data()
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
