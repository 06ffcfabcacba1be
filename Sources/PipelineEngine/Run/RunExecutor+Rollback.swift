import Foundation
import PipelineModel

extension RunExecutor {
    /// A cancelled stage that changed something runs its rollback path, as a failed one does:
    /// half a deployment is left neither way. The rollback runs to its end (each step within
    /// its timeout) although the run is cancelled; a second SIGINT/SIGTERM abandons it.
    /// Returns `cancelled` when there was nothing to undo or it was undone, `rollbackFailed`
    /// when undoing failed.
    func rollBackCancelled(_ stage: StageDefinition, applied: [(module: any StepModule, context: StepContext)]) async -> StageStatus {
        if case .none = stage.rollback { return .cancelled }
        if refusesToActAfterLostLease(stage) { return .cancelled }
        if applied.isEmpty, stage.rollback.undoesAppliedSteps { return .cancelled }
        let executor = self
        // A task of its own: the run's cancellation does not reach the rollback's steps.
        let status = await Task {
            await executor.rollBack(stage, applied: applied, cause: "the run was cancelled")
        }.value
        return status == .rollbackFailed ? .rollbackFailed : .cancelled
    }

    /// Whether this driver lost its lease (or let it lapse): it then starts no rollback, since
    /// the run's new driver (a `resume` elsewhere) owns the environment and decides what to do.
    func refusesToActAfterLostLease(_ stage: StageDefinition) -> Bool {
        guard let leases else { return false }
        do {
            try leases.checkHeld()
            return false
        } catch {
            emit(.warning, stage: stage.name, message: "not rolling back stage '\(stage.name)': \(error); the run's new driver decides what happens to it")
            return true
        }
    }

    /// Runs the stage's rollback path after `cause`; returns the stage's final status.
    func rollBack(_ stage: StageDefinition, applied: [(module: any StepModule, context: StepContext)], cause: String) async -> StageStatus {
        if case .none = stage.rollback { return .failed }
        if refusesToActAfterLostLease(stage) { return .cancelled }
        // Nothing changed (the first step failed before it applied anything, e.g. a stale plan):
        // there is nothing to undo, and the stage failed rather than rolled back.
        if applied.isEmpty, stage.rollback.undoesAppliedSteps {
            emit(.warning, stage: stage.name, message: "stage '\(stage.name)' failed before any step changed anything: nothing to roll back")
            return .failed
        }
        let clock = ContinuousClock.now
        var target: String?
        if case .previousDeployment = stage.rollback, let environment = stage.environment?.name {
            let previous = try? store.lastDeployment(environment: environment, excluding: run.id)
            target = previous?.commit
            emit(.rollbackStarted, stage: stage.name, message: previous == nil
                 ? "rolling back stage '\(stage.name)': no earlier deployment of '\(environment)' is recorded, so each step undoes its own change"
                 : "rolling back stage '\(stage.name)' to the previous deployment of '\(environment)' (commit \(target.map { String($0.prefix(12)) } ?? "unknown"), run \(previous!.runID))",
                 details: ["cause": cause, "policy": stage.rollback.summary])
        } else {
            emit(.rollbackStarted, stage: stage.name, message: "rolling back stage '\(stage.name)': \(stage.rollback.summary)",
                 details: ["cause": cause, "policy": stage.rollback.summary])
        }

        var failures: [String] = []
        switch stage.rollback {
        case .none:
            break
        case .eachStep, .previousDeployment:
            for (module, original) in applied.reversed() {
                let step = original.step
                guard module.canRollBack else {
                    saveStep(StepRecord(runID: run.id, stage: stage.name, name: step.name, phase: .rollback, status: .skipped,
                                        finishedAt: Date(), message: "step module '\(step.kind)' has nothing to roll back"))
                    continue
                }
                var rollingBack = makeContext(stage: stage, step: step, rollbackTarget: target, plan: original.plan, phase: .rollback)
                rollingBack.planSteps = original.planSteps
                rollingBack.planHash = original.planHash
                let context = rollingBack
                let (outcome, _) = await perform(step, stage: stage, phase: .rollback) { module } body: { module in
                    try await module.rollback(in: context)
                }
                if case .failed(let message, _) = outcome { failures.append("\(step.name): \(message)") }
                if case .cancelled = outcome { failures.append("\(step.name): cancelled") }
            }
        case .steps(let steps):
            for step in steps {
                let context = makeContext(stage: stage, step: step, rollbackTarget: target, phase: .rollback)
                let (outcome, _) = await perform(step, stage: stage, phase: .rollback) { try self.registry.make(step) } body: { module in
                    try await module.apply(in: context)
                }
                if case .failed(let message, _) = outcome { failures.append("\(step.name): \(message)") }
                if case .cancelled = outcome { failures.append("\(step.name): cancelled") }
            }
        }
        let status: StageStatus = failures.isEmpty ? .rolledBack : .rollbackFailed
        emit(.rollbackFinished, stage: stage.name, status: status.rawValue, duration: ContinuousClock.now - clock,
             message: failures.isEmpty ? "stage '\(stage.name)' rolled back" : "ROLLBACK FAILED for stage '\(stage.name)': \(failures.joined(separator: "; "))")
        return status
    }
}
