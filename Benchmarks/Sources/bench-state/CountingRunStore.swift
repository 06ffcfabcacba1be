import Foundation
import PipelineEngine
import Synchronization

/// Wraps a store and counts and times every call the engine makes to it (the shared lease
/// logic's calls arrive here as the protocol calls it makes).
final class CountingRunStore: RunStore, Sendable {
    let base: any RunStore
    private let tally = Mutex<(calls: [String: Int], seconds: Double)>(([:], 0))

    init(_ base: any RunStore) { self.base = base }

    var calls: [String: Int] { tally.withLock { $0.calls } }
    var total: Int { calls.values.reduce(0, +) }
    var seconds: Double { tally.withLock { $0.seconds } }

    private func timed<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            tally.withLock { $0.calls[name, default: 0] += 1; $0.seconds += seconds }
        }
        return try body()
    }

    func checkIntact() throws { try timed("checkIntact") { try base.checkIntact() } }
    func createRun(_ run: RunRecord) throws { try timed("createRun") { try base.createRun(run) } }
    func updateRun(_ id: String, status: RunStatus, finishedAt: Date?, fence: LeaseFence?) throws {
        try timed("updateRun") { try base.updateRun(id, status: status, finishedAt: finishedAt, fence: fence) }
    }
    func run(_ id: String) throws -> RunRecord? { try timed("run") { try base.run(id) } }
    func runs(limit: Int) throws -> [RunRecord] { try timed("runs") { try base.runs(limit: limit) } }
    func startStage(_ stage: StageRecord, fence: LeaseFence?) throws -> Bool { try timed("startStage") { try base.startStage(stage, fence: fence) } }
    func saveStage(_ stage: StageRecord, fence: LeaseFence?) throws { try timed("saveStage") { try base.saveStage(stage, fence: fence) } }
    func stages(run: String) throws -> [StageRecord] { try timed("stages") { try base.stages(run: run) } }
    func saveStep(_ step: StepRecord, fence: LeaseFence?) throws { try timed("saveStep") { try base.saveStep(step, fence: fence) } }
    func steps(run: String) throws -> [StepRecord] { try timed("steps") { try base.steps(run: run) } }
    func addApproval(_ approval: ApprovalRecord, rule: ([ApprovalRecord]) throws -> Void) throws {
        try timed("addApproval") { try base.addApproval(approval, rule: rule) }
    }
    func approvals(run: String, stage: String) throws -> [ApprovalRecord] { try timed("approvals") { try base.approvals(run: run, stage: stage) } }
    func appendEvent(run: String, sequence: Int, json: Data) throws {
        try timed("appendEvent") { try base.appendEvent(run: run, sequence: sequence, json: json) }
    }
    func events(run: String) throws -> [Data] { try timed("events") { try base.events(run: run) } }
    func recordDeployment(_ deployment: DeploymentRecord, fence: LeaseFence?) throws {
        try timed("recordDeployment") { try base.recordDeployment(deployment, fence: fence) }
    }
    func lastDeployment(environment: String, excluding: String?) throws -> DeploymentRecord? {
        try timed("lastDeployment") { try base.lastDeployment(environment: environment, excluding: excluding) }
    }
    func stageSucceeded(pipeline: String, stage: String, commit: String?) throws -> Bool {
        try timed("stageSucceeded") { try base.stageSucceeded(pipeline: pipeline, stage: stage, commit: commit) }
    }
    func savePlan(_ plan: EnvironmentPlan, run: String) throws { try timed("savePlan") { try base.savePlan(plan, run: run) } }
    func plan(run: String, environment: String) throws -> EnvironmentPlan? { try timed("plan") { try base.plan(run: run, environment: environment) } }
    func plans(run: String) throws -> [EnvironmentPlan] { try timed("plans") { try base.plans(run: run) } }
    func lease(key: String) throws -> Lease? { try timed("lease") { try base.lease(key: key) } }
    func leases() throws -> [Lease] { try timed("leases") { try base.leases() } }
    func putLease(_ lease: Lease, replacing expected: String?) throws -> Bool { try timed("putLease") { try base.putLease(lease, replacing: expected) } }
    func deleteLease(key: String, token: String) throws -> Bool { try timed("deleteLease") { try base.deleteLease(key: key, token: token) } }
    func recordLeaseBreak(_ record: LeaseBreakRecord) throws { try timed("recordLeaseBreak") { try base.recordLeaseBreak(record) } }
    func leaseBreaks(run: String) throws -> [LeaseBreakRecord] { try timed("leaseBreaks") { try base.leaseBreaks(run: run) } }
}
