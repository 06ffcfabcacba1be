import ApprovalSignatures
import ArgumentParser
import Foundation
import PipelineEngine
import PipelineLoading
import PipelineModel

/// `pipeline approvers FILE`: who may approve which role, and how each is verified.
struct ApproversCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvers",
        abstract: "List who may approve which role of a pipeline's gates, and how each approver is verified.")

    @Argument(help: "The pipeline file, e.g. pipelines/deploy.swift.")
    var file: String

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    struct Listing: Encodable {
        struct Person: Encodable {
            var identity: String
            var roles: [String]
            /// How this person's decisions are proven, one line each.
            var verifiedBy: [String]
        }
        struct GateEntry: Encodable {
            var stage: String
            var needs: String
            var roles: [String]
            /// Whose approvals the gate applies now: the trust root in force, where it comes from.
            var trust: String?
            var trustDigest: String?
            /// This commit proposes different approvers, keys or gate for the environment.
            var changesTrust: Bool?
        }
        var pipeline: String
        var approvers: [Person]
        var gates: [GateEntry]
        var unsignedAllowed: Bool
    }

    func run() async throws {
        let loaded = try await Loading.load(file)
        let definition = loaded.definition
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        let commit = ApprovalVerifier.headCommit(workspace.root)
        let proposed = try ApprovalTrust.proposed(by: definition, commit: commit, repositoryRoot: workspace.root)
        var listing = Self.listing(definition, signers: try ApprovalTrust.signers(of: proposed))
        // The trust in force per environment, from the deployments recorded in the run store.
        let store = try? workspace.openStore(declared: definition.state)
        for (index, entry) in listing.gates.enumerated() {
            guard let stage = definition.stage(named: entry.stage) else { continue }
            let trust = GateReview.trust(for: stage, commit: commit, excludingRun: nil, store: store, proposed: proposed)
            listing.gates[index].trust = trust.source
            listing.gates[index].trustDigest = String(trust.root.digest.prefix(12))
            listing.gates[index].changesTrust = trust.changed
            if let gate = trust.gate(of: stage) { listing.gates[index].needs = gate.summary }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Terminal.standardOutput(String(decoding: try encoder.encode(listing), as: UTF8.self))
            return
        }
        var lines = ["approvers of pipeline '\(definition.name)'" + (listing.unsignedAllowed ? " (unsigned approvals allowed: they show as unverified)" : "")]
        for person in listing.approvers {
            lines.append("  \(person.identity): \(person.roles.joined(separator: ", "))")
            lines += person.verifiedBy.isEmpty ? ["      cannot be verified: no key and no identity provider"] : person.verifiedBy.map { "      \($0)" }
        }
        for gate in listing.gates {
            lines.append("  gate of \(gate.stage): \(gate.needs)")
            if let trust = gate.trust { lines.append("      approvers trusted: \(trust) [\(gate.trustDigest ?? "")]") }
            if gate.changesTrust == true {
                lines.append("      this commit changes who may approve it: the change takes effect once those trusted now approve and it is deployed")
            }
        }
        Terminal.standardOutput(lines.joined(separator: "\n"))
    }

    static func listing(_ definition: PipelineDefinition, signers: AllowedSigners) -> Listing {
        let approvers = definition.approvers
        let people = approvers.members.keys.sorted().map { identity -> Listing.Person in
            var ways = signers.entries.filter { $0.allows(principal: identity) && $0.allows(namespace: ApprovalStatement.namespace) }
                .map { "SSH key \($0.key.algorithm) \($0.key.fingerprint)" }
            for provider in approvers.identityProviders {
                let claims = provider.identities.filter { $0.value == identity }.map(\.key).sorted()
                let claim = claims.isEmpty ? identity : claims.joined(separator: " or ")
                ways.append("OIDC token from \(provider.issuer) with \(provider.identityClaim) = \(claim)")
            }
            if approvers.allowUnsigned { ways.append("unsigned (--unsigned --as), shown as unverified") }
            return Listing.Person(identity: identity, roles: (approvers.members[identity] ?? []).sorted(), verifiedBy: ways)
        }
        let gates = definition.stages.compactMap { stage in
            stage.gate.map { Listing.GateEntry(stage: stage.name, needs: $0.summary, roles: $0.roles) }
        }
        return Listing(pipeline: definition.name, approvers: people, gates: gates, unsignedAllowed: approvers.allowUnsigned)
    }
}
