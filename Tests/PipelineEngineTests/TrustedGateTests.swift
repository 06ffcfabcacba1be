import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// The gate passes on decisions it verifies again, under the trust root recorded at the
/// environment's last deployment: rows written straight into the store, a commit's own change of
/// approvers or gate, and the authors of the change do not get past it.
@Suite(.fast) struct TrustedGateTests {
    /// The signature layer's verdicts, as the engine sees them through ``ApprovalAuthority``.
    struct Authority: ApprovalAuthority {
        let proposed: TrustRoot
        var verdict: @Sendable (ApprovalRecord) -> String? = { _ in nil }
        var people: [String] = []
        func verifyProof(_ record: ApprovalRecord, under trust: TrustRoot) async -> String? { verdict(record) }
        func contributors(after base: String?, upTo commit: String?) -> [String] { people }
    }

    static func pipeline(members: [String: [String]], unsigned: Bool = false, gated: Bool = true) -> PipelineDefinition {
        let gate = GateDefinition(requiredRoles: ["Tech Lead"])
        let prod = Build.environment("prod", gate: gated ? gate : nil)
        return PipelineDefinition(name: "trust", approvers: .init(members: members, allowUnsigned: unsigned),
                                  stages: [Build.stage("prod", environment: prod, gate: gated ? gate : nil, [Build.shell("deploy", "echo deployed")])],
                                  location: Build.location)
    }

    static func approval(_ run: RunRecord, _ who: String, method: ApprovalProof.Method = .unverified, plan: String?) -> ApprovalRecord {
        ApprovalRecord(runID: run.id, stage: "prod", role: "Tech Lead", approver: who, commit: run.commit, planHash: plan,
                       proof: ApprovalProof(method: method, statement: "{}", evidence: method == .unverified ? nil : "forged", nonce: UUID().uuidString))
    }

    func plan(_ harness: EngineHarness, _ run: RunRecord) throws -> String? { try harness.store.plan(run: run.id, environment: "prod")?.hash }

    func refusals(_ harness: EngineHarness) -> [String] {
        harness.collector.all.filter { $0.kind == .warning }.compactMap { $0.details?["refused"] }
    }

    @Test(arguments: StoreFactory.tiered)
    func rowsWrittenStraightIntoTheStoreAreVerifiedBeforeTheyCount(_ store: StoreFactory) async throws {
        let harness = try await EngineHarness(store)
        let pipeline = Self.pipeline(members: ["lead@x": ["Tech Lead"]])
        let run = try harness.newRun(pipeline)
        var authority = Authority(proposed: TrustRoot(proposedBy: pipeline, signers: "", commit: run.commit))
        authority.verdict = { $0.proof.evidence == "forged" ? "the signature does not verify" : nil }
        #expect(await harness.execute(pipeline, run: run, authority: authority) == .awaitingApproval)
        // Unsigned where signatures are required; then signed with a signature that does not verify.
        try harness.store.addApproval(Self.approval(run, "lead@x", plan: try plan(harness, run))) { _ in }
        #expect(await harness.execute(pipeline, run: run, resuming: true, authority: authority) == .awaitingApproval)
        try harness.store.addApproval(Self.approval(run, "lead@x", method: .ssh, plan: try plan(harness, run))) { _ in }
        #expect(await harness.execute(pipeline, run: run, resuming: true, authority: authority) == .awaitingApproval)
        let refused = refusals(harness)
        #expect(refused.contains { $0.contains("accepts only signed approvals") }, "\(refused)")
        #expect(refused.contains("the signature does not verify"), "\(refused)")
        #expect(try harness.stageStatus(run, "prod") == .awaitingApproval)
        // Without an authority a signed row cannot be checked, so it does not count either.
        #expect(await harness.execute(pipeline, run: run, resuming: true) == .awaitingApproval)
        #expect(refusals(harness).contains("its proof cannot be checked here"))
        // One that verifies counts.
        authority.verdict = { _ in nil }
        #expect(await harness.execute(pipeline, run: run, resuming: true, authority: authority) == .succeeded)
    }

    @Test func theApproversTrustedAtTheLastDeploymentDecideNotTheCommit() async throws {
        let harness = try await EngineHarness(.sqlite)
        let before = Self.pipeline(members: ["lead@x": ["Tech Lead"]], unsigned: true)
        let first = try harness.newRun(before, commit: "c1")
        let firstAuthority = Authority(proposed: TrustRoot(proposedBy: before, signers: "", commit: "c1"))
        #expect(await harness.execute(before, run: first, authority: firstAuthority) == .awaitingApproval)
        let onFirstUse = harness.collector.all.compactMap(\.message).filter { $0.contains("trusted on first use") }
        #expect(!onFirstUse.isEmpty)
        try harness.store.addApproval(Self.approval(first, "lead@x", plan: try plan(harness, first))) { _ in }
        #expect(await harness.execute(before, run: first, resuming: true, authority: firstAuthority) == .succeeded)
        #expect(try harness.store.lastDeployment(environment: "prod", excluding: nil)?.trust == firstAuthority.proposed)

        // The next commit makes its author the only approver and removes the gate: the gate of
        // the trusted approvers still applies, and its author's approval does not count.
        let after = Self.pipeline(members: ["insider@x": ["Tech Lead"]], unsigned: true, gated: false)
        let second = try harness.newRun(after, commit: "c2")
        let secondAuthority = Authority(proposed: TrustRoot(proposedBy: after, signers: "", commit: "c2"))
        #expect(await harness.execute(after, run: second, authority: secondAuthority) == .awaitingApproval)
        #expect(harness.collector.all.contains { $0.message?.contains("commit c2 changes who may approve prod") == true })
        try harness.store.addApproval(Self.approval(second, "insider@x", plan: try plan(harness, second))) { _ in }
        #expect(await harness.execute(after, run: second, resuming: true, authority: secondAuthority) == .awaitingApproval)
        #expect(refusals(harness).contains { $0.contains("'insider@x' is not a trusted approver") }, "\(refusals(harness))")
        // Those trusted before the change approve it; then it is the trust root.
        try harness.store.addApproval(Self.approval(second, "lead@x", plan: try plan(harness, second))) { _ in }
        #expect(await harness.execute(after, run: second, resuming: true, authority: secondAuthority) == .succeeded)
        #expect(try harness.store.lastDeployment(environment: "prod", excluding: nil)?.trust == secondAuthority.proposed)
        let third = try harness.newRun(after, commit: "c3")
        #expect(await harness.execute(after, run: third, authority: Authority(proposed: TrustRoot(proposedBy: after, signers: "", commit: "c3"))) == .succeeded)
    }

    @Test func whoWroteOrCommittedTheChangeCannotApproveIt() async throws {
        let harness = try await EngineHarness(.sqlite)
        let pipeline = Self.pipeline(members: ["lead@x": ["Tech Lead"], "qa@x": ["Tech Lead"]], unsigned: true)
        let run = try harness.newRun(pipeline)
        var authority = Authority(proposed: TrustRoot(proposedBy: pipeline, signers: "", commit: run.commit))
        authority.people = ["Lead Person", "lead@x"]
        #expect(await harness.execute(pipeline, run: run, authority: authority) == .awaitingApproval)
        try harness.store.addApproval(Self.approval(run, "lead@x", plan: try plan(harness, run))) { _ in }
        #expect(await harness.execute(pipeline, run: run, resuming: true, authority: authority) == .awaitingApproval)
        #expect(refusals(harness).contains { $0.contains("wrote or committed a change") }, "\(refusals(harness))")
        try harness.store.addApproval(Self.approval(run, "qa@x", plan: try plan(harness, run))) { _ in }
        #expect(await harness.execute(pipeline, run: run, resuming: true, authority: authority) == .succeeded)
    }

    @Test func theTrustDigestIgnoresWhereItCameFromAndKeyOrder() {
        let pipeline = Self.pipeline(members: ["lead@x": ["Tech Lead"]])
        let one = TrustRoot(proposedBy: pipeline, signers: "a key1\nb key2", commit: "c1")
        let same = TrustRoot(proposedBy: pipeline, signers: "# comment\nb key2\n\na key1\n", commit: "c2")
        #expect(one.grantsSame(as: same))
        let other = TrustRoot(proposedBy: pipeline, signers: "a key1\nb key3", commit: "c1")
        #expect(!one.grantsSame(as: other))
        #expect(!one.grantsSame(as: TrustRoot(proposedBy: Self.pipeline(members: ["lead@x": ["Tech Lead"]], gated: false), signers: "a key1\nb key2", commit: "c1")))
    }
}
