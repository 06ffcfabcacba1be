import Foundation

/// Where runs, stage and step results, approvals, events, deployments and locks are kept.
///
/// Rules for implementers: every method is atomic (a crash leaves the previous state or the
/// new one, never half of it); `addApproval` checks its rule and inserts in one transaction, so
/// two approvers at once cannot both take the last place; `acquireLock` succeeds for exactly one
/// run at a time per environment. The embedded default is ``SQLiteRunStore``.
public protocol RunStore: Sendable {
    func createRun(_ run: RunRecord) throws
    func updateRun(_ id: String, status: RunStatus, finishedAt: Date?) throws
    func run(_ id: String) throws -> RunRecord?
    /// Newest first.
    func runs(limit: Int) throws -> [RunRecord]

    func saveStage(_ stage: StageRecord) throws
    func stages(run: String) throws -> [StageRecord]
    func saveStep(_ step: StepRecord) throws
    func steps(run: String) throws -> [StepRecord]

    /// Inserts `approval` after `rule` accepted the approvals already recorded for its stage.
    func addApproval(_ approval: ApprovalRecord, rule: ([ApprovalRecord]) throws -> Void) throws
    func approvals(run: String, stage: String) throws -> [ApprovalRecord]

    func appendEvent(run: String, sequence: Int, json: Data) throws
    func events(run: String) throws -> [Data]

    func recordDeployment(_ deployment: DeploymentRecord) throws
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

    /// Takes the environment's lock for `run`; returns the holding run's id when another run has it.
    func acquireLock(environment: String, run: String) throws -> String?
    func releaseLock(environment: String, run: String) throws
}
