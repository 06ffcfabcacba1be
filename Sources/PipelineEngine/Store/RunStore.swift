import Foundation

/// Where runs, stage and step results, approvals, events, deployments and leases are kept.
///
/// Rules for implementers: every method is atomic (a crash leaves the previous state or the
/// new one, never half of it), and every state transition is one conditional write, so a
/// store shared by many machines (a DynamoDB table) can enforce it:
/// - `putLease` writes only when the stored lease for the key still has the token the caller
///   read (nil: there is none), and `deleteLease` deletes only the caller's own lease: a lease
///   changes hands only when released, or when the engine found it expired or its holder dead
///   (``RunStore/acquireLease(key:runID:user:duration:now:)`` decides; the store enforces).
/// - A write with a `fence` happens only while the fence's lease still exists with its token
///   (else ``EngineError/leaseLost(key:holder:)``, nothing written): stage, step and run
///   writes of a driver are fenced by its run lease; `recordDeployment` by the environment's.
/// - `startStage` marks a stage running only if it has not already succeeded or been skipped.
/// - `addApproval` checks its rule and inserts in one transaction (one winner per slot).
///
/// The embedded default is ``SQLiteRunStore``.
public protocol RunStore: Sendable {
    /// Throws when the store is no longer what was opened (its file removed or replaced under a
    /// running run), so the run fails instead of "succeeding" with its records gone.
    func checkIntact() throws

    func createRun(_ run: RunRecord) throws
    func updateRun(_ id: String, status: RunStatus, finishedAt: Date?, fence: LeaseFence?) throws
    func run(_ id: String) throws -> RunRecord?
    /// Newest first.
    func runs(limit: Int) throws -> [RunRecord]

    /// Records `stage` (status `running`) unless the run's record of it says it succeeded or was
    /// skipped; returns whether it did.
    func startStage(_ stage: StageRecord, fence: LeaseFence?) throws -> Bool
    func saveStage(_ stage: StageRecord, fence: LeaseFence?) throws
    func stages(run: String) throws -> [StageRecord]
    func saveStep(_ step: StepRecord, fence: LeaseFence?) throws
    func steps(run: String) throws -> [StepRecord]

    /// Inserts `approval` after `rule` accepted the approvals already recorded for its stage.
    func addApproval(_ approval: ApprovalRecord, rule: ([ApprovalRecord]) throws -> Void) throws
    func approvals(run: String, stage: String) throws -> [ApprovalRecord]

    func appendEvent(run: String, sequence: Int, json: Data) throws
    func events(run: String) throws -> [Data]

    /// Records a deployment; `fence` is the environment's lease (only its holder may record).
    func recordDeployment(_ deployment: DeploymentRecord, fence: LeaseFence?) throws
    /// The newest deployment to `environment`, excluding run `excluding`.
    func lastDeployment(environment: String, excluding: String?) throws -> DeploymentRecord?
    /// Whether `stage` of `pipeline` succeeded in some run for `commit`.
    func stageSucceeded(pipeline: String, stage: String, commit: String?) throws -> Bool

    /// Saves `plan` as the run's plan for its environment, replacing an earlier one.
    func savePlan(_ plan: EnvironmentPlan, run: String) throws
    /// The run's saved plan for `environment`, if any.
    func plan(run: String, environment: String) throws -> EnvironmentPlan?
    /// Every saved plan of the run, oldest first.
    func plans(run: String) throws -> [EnvironmentPlan]

    /// The lease stored under `key`, expired or not.
    func lease(key: String) throws -> Lease?
    /// Every stored lease.
    func leases() throws -> [Lease]
    /// Writes `lease` if the stored lease for `lease.key` has token `expected` (nil: no lease
    /// is stored); returns false, writing nothing, otherwise.
    func putLease(_ lease: Lease, replacing expected: String?) throws -> Bool
    /// Deletes the lease for `key` if its token is `token`; returns whether it did.
    func deleteLease(key: String, token: String) throws -> Bool
    /// Keeps a record of a lease ended by hand.
    func recordLeaseBreak(_ record: LeaseBreakRecord) throws
    /// Every lease ended by hand that `run` held, oldest first.
    func leaseBreaks(run: String) throws -> [LeaseBreakRecord]
}

extension RunStore {
    public func updateRun(_ id: String, status: RunStatus, finishedAt: Date?) throws {
        try updateRun(id, status: status, finishedAt: finishedAt, fence: nil)
    }

    public func saveStage(_ stage: StageRecord) throws { try saveStage(stage, fence: nil) }
    public func saveStep(_ step: StepRecord) throws { try saveStep(step, fence: nil) }
    public func recordDeployment(_ deployment: DeploymentRecord) throws { try recordDeployment(deployment, fence: nil) }
}
