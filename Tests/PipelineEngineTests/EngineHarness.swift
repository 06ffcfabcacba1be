import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import Synchronization

/// Runs pipelines in-process with the real engine, a real store (SQLite, or DynamoDB on moto:
/// ``StoreFactory``) and real shell steps.
final class EngineHarness: Sendable {
    let made: StoreFactory.Made
    let collector = Collector()

    var folder: TemporaryDirectory { made.folder }
    var store: any RunStore { made.store }

    init(_ factory: StoreFactory = .sqlite) async throws {
        made = try await factory.make()
    }

    /// Collects events (already masked) for assertions.
    final class Collector: EventSink {
        private let events = Mutex<[PipelineEvent]>([])
        func receive(_ event: PipelineEvent) { events.withLock { $0.append(event) } }
        var all: [PipelineEvent] { events.withLock { $0 } }
        func output(ofStep step: String) -> [String] { all.filter { $0.kind == .stepOutput && $0.step == step }.compactMap(\.message) }
    }

    func newRun(_ definition: PipelineDefinition, commit: String? = "c0ffee", stage: String? = nil, triggeredBy: String = "tester",
                author: String? = nil) throws -> RunRecord {
        let document = try PipelineDocument(pipeline: definition).encoded()
        let run = RunRecord(id: RunRecord.newID(), pipeline: definition.name, pipelineFile: "test.swift", document: document,
                            commit: commit, commitAuthor: author, triggeredBy: triggeredBy, requestedStage: stage)
        try store.createRun(run)
        return run
    }

    func execute(_ definition: PipelineDefinition, run: RunRecord, options: RunOptions = RunOptions(),
                 secrets: [String] = [], resuming: Bool = false, registry: StepRegistry = BuiltinSteps.registry(),
                 authority: (any ApprovalAuthority)? = nil) async -> RunStatus {
        let hub = EventHub(masker: SecretMasker(secrets), sinks: [collector], store: store,
                           logFile: folder.url.appendingPathComponent(".pipeline/runs/\(run.id)/events.jsonl"))
        let executor = RunExecutor(definition: definition, run: run, store: store, registry: registry, hub: hub,
                                   options: options, workspace: folder.url, authority: authority)
        let status = await executor.execute(resuming: resuming)
        hub.finish()
        return status
    }

    func stageStatus(_ run: RunRecord, _ stage: String) throws -> StageStatus? {
        try store.stages(run: run.id).first { $0.name == stage }?.status
    }
}

enum Build {
    static let location = SourceLocation(file: "pipelines/test.swift", line: 1)

    static func shell(_ name: String, _ command: String, rollback: String? = nil, timeout: Double? = nil,
                      continueOnError: Bool = false) -> StepDefinition {
        var parameters: [String: JSONValue] = ["command": .string(command)]
        if let rollback { parameters["rollback"] = .string(rollback) }
        return StepDefinition(kind: "shell", name: name, parameters: parameters, timeoutSeconds: timeout,
                              continueOnError: continueOnError, location: location)
    }

    static func stage(_ name: String, after: [String] = [], environment: EnvironmentDefinition? = nil, gate: GateDefinition? = nil,
                      rollback: RollbackPolicy = .none, _ steps: [StepDefinition]) -> StageDefinition {
        StageDefinition(name: name, dependsOn: after, environment: environment, gate: gate, rollback: rollback, steps: steps, location: location)
    }

    static func environment(_ name: String, gate: GateDefinition? = nil) -> EnvironmentDefinition {
        EnvironmentDefinition(name: name, account: "536580886816", region: "af-south-1", role: "deploy-\(name)", gate: gate, location: location)
    }

    /// Engine tests record unverified approvals (signatures are the commands layer's, tested there).
    static func pipeline(_ stages: [StageDefinition], approvers: [String: [String]] = [:]) -> PipelineDefinition {
        PipelineDefinition(name: "engine-test", approvers: .init(members: approvers, allowUnsigned: true), stages: stages, location: location)
    }
}

extension EngineHarness {
    /// Records `who`'s unverified approval of `stage` in `role` under the gate's rules.
    @discardableResult
    func approve(_ run: RunRecord, _ definition: PipelineDefinition, stage: String, role: String, as who: String,
                 decision: ApprovalProof.Decision = .approve, reason: String? = nil) throws -> (approval: ApprovalRecord, standing: GatePolicy.Standing) {
        let current = try store.run(run.id) ?? run
        let situation = try GatePolicy.situation(stage: stage, run: current, definition: definition, store: store,
                                                 proposed: TrustRoot(proposedBy: definition, signers: "", commit: run.commit))
        let approval = ApprovalRecord(runID: run.id, stage: stage, role: role, approver: who, commit: run.commit, planHash: situation.plan?.hash,
                                      proof: ApprovalProof(decision: decision, reason: reason, nonce: UUID().uuidString))
        try GatePolicy.record(approval, run: current, situation: situation, store: store, contributors: [])
        let standing = GatePolicy.standing(of: situation.gate, approvals: try store.approvals(run: run.id, stage: stage), commit: run.commit,
                                           planHash: situation.plan?.hash)
        return (approval, standing)
    }
}
