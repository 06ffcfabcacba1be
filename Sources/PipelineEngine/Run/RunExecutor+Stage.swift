import Foundation
import Logging
import PipelineBasics
import PipelineModel

extension RunExecutor {
    /// Runs one stage: condition, gate, environment lock, steps, and its rollback path on failure.
    func runStage(_ stage: StageDefinition) async -> StageStatus {
        let started = Date()
        let clock = ContinuousClock.now
        if let condition = stage.condition, let reason = unmetReason(condition, environment: stage.environment?.name) {
            record(stage: stage.name, status: .skipped, started: started, message: reason)
            emit(.stageSkipped, stage: stage.name, status: StageStatus.skipped.rawValue, message: reason, location: stage.location)
            return .skipped
        }
        // The stage's own checkout of the commit: nothing an earlier stage's steps wrote.
        if let checkouts {
            do {
                _ = try checkouts.checkout(for: stage.name)
            } catch {
                let message = "could not check out commit \(run.commit?.prefix(12) ?? "") for stage '\(stage.name)': \(error)"
                record(stage: stage.name, status: .failed, started: started, message: message)
                emit(.stageFinished, stage: stage.name, status: StageStatus.failed.rawValue, message: message)
                return .failed
            }
        }
        // A deploy stage applies its environment's saved plan: made by the plan stage, or now.
        let plan: EnvironmentPlan?
        do {
            plan = try await savedPlan(for: stage)
        } catch {
            let message = "could not plan \(stage.environment?.name ?? stage.name): \(hub.masker.mask("\(error)"))"
            record(stage: stage.name, status: .failed, started: started, message: message)
            emit(.stageFinished, stage: stage.name, status: StageStatus.failed.rawValue, message: message)
            return .failed
        }
        // The gate the trusted approvers set (a change cannot remove or weaken its own gate);
        // a stage without one passes at once.
        switch await passGate(of: stage, plan: plan) {
        case .passed: break
        case .paused: return Task.isCancelled ? .cancelled : .awaitingApproval
        case .rejected(let message):
            record(stage: stage.name, status: .failed, started: started, message: message)
            emit(.stageFinished, stage: stage.name, status: StageStatus.failed.rawValue, message: message)
            return .failed
        }
        var environmentLease: Lease?
        if let environment = stage.environment?.name {
            switch await lockEnvironment(environment, stage: stage) {
            case .success(let lease): environmentLease = lease
            case .failure(let message):
                record(stage: stage.name, status: .failed, started: started, message: message)
                emit(.stageFinished, stage: stage.name, status: StageStatus.failed.rawValue, message: message)
                return .failed
            }
        }
        defer { if let environmentLease { releaseEnvironment(environmentLease) } }
        if let environmentLease, let refusal = deployOrderRefusal(stage, environment: environmentLease.environment ?? "") {
            record(stage: stage.name, status: .failed, started: started, message: refusal)
            emit(.stageFinished, stage: stage.name, status: StageStatus.failed.rawValue, message: refusal)
            return .failed
        }

        do {
            let starting = StageRecord(runID: run.id, name: stage.name, status: .running, startedAt: started)
            guard try store.startStage(starting, fence: fence) else {
                emit(.warning, stage: stage.name, message: "stage '\(stage.name)' has already succeeded in this run; not running it again")
                return .succeeded
            }
        } catch {
            lostStore(error, what: "stage \(stage.name)")
            return .cancelled
        }
        emit(.stageStarted, stage: stage.name, location: stage.location,
             details: stage.environment.map { ["environment": $0.name, "account": $0.account, "region": $0.region] })

        var applied: [(module: any StepModule, context: StepContext)] = []
        var failures: [String] = []
        var cancelled = false
        // A step refused because its plan is stale changed nothing, and the stage is then not
        // rolled back either: the run stays resumable from a new plan (`resume --replan`).
        var stale = false
        // Resuming after a crash: steps this run already finished are not run again (they still
        // count for rollback); the one that was in flight runs again.
        let recorded = ((try? store.steps(run: run.id)) ?? []).filter { $0.stage == stage.name && $0.phase == .apply }
        let finished = Set(recorded.filter { $0.status == .succeeded }.map(\.name))
        let inFlight = Set(recorded.filter { $0.status == .running }.map(\.name))
        for step in stage.steps {
            if Task.isCancelled { cancelled = true; break }
            // A driver that lost its lease (or let it lapse while paused) starts no step.
            if let leases, (try? leases.checkHeld()) == nil { cancelled = true; break }
            if finished.contains(step.name) {
                emit(.stepSkipped, stage: stage.name, step: step.name, phase: "apply", status: "succeeded",
                     message: "step '\(step.name)' already succeeded in this run", location: step.location)
                if let module = try? registry.make(step) {
                    applied.append((module, makeContext(stage: stage, step: step, plan: plan?.plan(ofStep: step.name), environmentPlan: plan)))
                }
                continue
            }
            if let condition = step.condition, let reason = unmetReason(condition, environment: (step.environment ?? stage.environment)?.name) {
                saveStep(StepRecord(runID: run.id, stage: stage.name, name: step.name, phase: .apply, status: .skipped, finishedAt: Date(), message: reason))
                emit(.stepSkipped, stage: stage.name, step: step.name, phase: "apply", status: "skipped", message: reason, location: step.location)
                continue
            }
            let saved = plan?.plan(ofStep: step.name)
            let context = makeContext(stage: stage, step: step, plan: saved, environmentPlan: plan)
            let (outcome, module) = await perform(step, stage: stage, phase: .apply) { try self.registry.make(step) } body: { module in
                if let saved {
                    try await Self.checkFresh(saved, module: module, context: context, interrupted: inFlight.contains(step.name))
                }
                try await module.apply(in: context)
                try await module.verify(in: context)
            }
            // A step that failed part-way is rolled back too (modules must tolerate a partial
            // apply); one refused before it changed anything (a stale plan) is not.
            if let module, !outcome.refused { applied.append((module, context)) }
            switch outcome {
            case .succeeded: continue
            case .cancelled: cancelled = true
            case .failed(let message, let refused):
                stale = stale || refused
                if step.continueOnError {
                    emit(.warning, stage: stage.name, step: step.name, message: "step '\(step.name)' failed but continues on error: \(message)")
                    continue
                }
                failures.append("step '\(step.name)' failed: \(message)")
                if stage.failFast == false { continue }
            }
            break
        }
        let failure = failures.isEmpty ? nil : failures.joined(separator: "; ")

        let status: StageStatus
        var message: String?
        if cancelled {
            status = await rollBackCancelled(stage, applied: applied)
            message = status == .cancelled ? "cancelled" : "cancelled; ROLLBACK FAILED"
        } else if let failure, stale {
            message = failure
            status = .failed
        } else if let failure {
            message = failure
            status = await rollBack(stage, applied: applied, cause: failure)
        } else {
            status = .succeeded
            if let environment = stage.environment?.name {
                do {
                    try store.recordDeployment(DeploymentRecord(environment: environment, runID: run.id, commit: run.commit, trust: proposedTrust),
                                               fence: environmentLease.map { LeaseFence($0) })
                } catch {
                    lostStore(error, what: "the deployment to \(environment)")
                }
            }
        }
        record(stage: stage.name, status: status, started: started, message: message)
        emit(.stageFinished, stage: stage.name, status: status.rawValue, duration: ContinuousClock.now - clock, message: message)
        return status
    }

    enum StepOutcome {
        case succeeded, cancelled
        /// `refused`: the step failed before it changed anything (its plan was stale).
        case failed(String, refused: Bool = false)

        var refused: Bool {
            if case .failed(_, let refused) = self { return refused }
            return false
        }
    }

    /// Runs one phase of one step with its timeout, recording and reporting it.
    func perform(_ step: StepDefinition, stage: StageDefinition, phase: StepRecord.Phase,
                 make: () throws -> any StepModule,
                 body: @escaping @Sendable (any StepModule) async throws -> Void) async -> (StepOutcome, (any StepModule)?) {
        let started = Date()
        let clock = ContinuousClock.now
        saveStep(StepRecord(runID: run.id, stage: stage.name, name: step.name, phase: phase, status: .running, startedAt: started))
        emit(.stepStarted, stage: stage.name, step: step.name, phase: phase.rawValue, location: step.location,
             details: ["kind": step.kind])
        let outcome: StepOutcome
        var module: (any StepModule)?
        do {
            // No step or rollback starts once this driver has lost its lease.
            try leases?.checkHeld()
            let made = try make()
            module = made
            try await Self.withTimeout(step.timeoutSeconds, step: step.name) { try await body(made) }
            outcome = .succeeded
        } catch is CancellationError where Task.isCancelled {
            outcome = .cancelled
        } catch EngineError.leaseLost(let key, let holder) {
            outcome = .cancelled
            leases?.fail(.leaseLost(key: key, holder: holder))
        } catch let error as EngineError {
            if case .stalePlan = error {
                outcome = .failed(hub.masker.mask(error.description), refused: true)
            } else {
                outcome = Task.isCancelled || leases?.lost != nil ? .cancelled : .failed(hub.masker.mask(error.description))
            }
        } catch {
            // A step may wrap the refusal of a write after a lost lease in an error of its own.
            outcome = Task.isCancelled || leases?.lost != nil ? .cancelled : .failed(hub.masker.mask("\(error)"))
        }
        let (status, message): (StepRecord.Status, String?) = switch outcome {
        case .succeeded: (.succeeded, nil)
        case .cancelled: (.cancelled, "cancelled")
        case .failed(let message, _): (.failed, message)
        }
        saveStep(StepRecord(runID: run.id, stage: stage.name, name: step.name, phase: phase, status: status, startedAt: started,
                            finishedAt: Date(), message: message))
        emit(.stepFinished, stage: stage.name, step: step.name, phase: phase.rawValue, status: status.rawValue,
             duration: ContinuousClock.now - clock, message: message, location: step.location)
        return (outcome, module)
    }

    func makeContext(stage: StageDefinition, step: StepDefinition, rollbackTarget: String? = nil, plan: StepPlan? = nil,
                     environmentPlan: EnvironmentPlan? = nil, phase: StepRecord.Phase = .apply) -> StepContext {
        let environment = step.environment ?? stage.environment
        let previous = environment.flatMap { try? store.lastDeployment(environment: $0.name, excluding: run.id)?.commit }
        var services = self.services
        let executor = self
        services.register(EnvironmentPlanning { environment, step, stage in
            try await executor.planAndSave(environment: environment, reportedBy: step, stage: stage)
        })
        services.register(planRecords())
        // Prepared when the stage started (runStage), so this returns the stage's checkout.
        let workspace = (try? checkouts?.checkout(for: stage.name)) ?? self.workspace
        var variables = [
            "PIPELINE_RUN_ID": run.id, "PIPELINE_NAME": definition.name, "PIPELINE_STAGE": stage.name,
            "PIPELINE_STEP": step.name, "PIPELINE_WORKSPACE": workspace.path,
        ]
        variables["PIPELINE_COMMIT"] = run.commit
        variables["PIPELINE_ENVIRONMENT"] = environment?.name
        variables["PIPELINE_AWS_ACCOUNT"] = environment?.account
        variables["PIPELINE_AWS_REGION"] = environment?.region
        variables["PIPELINE_ROLLBACK_COMMIT"] = rollbackTarget
        let hub = self.hub, runID = run.id, pipeline = definition.name, commit = run.commit
        let output = StepOutputLog(directory: options.runDirectory, stage: stage.name, step: step.name, phase: phase.rawValue,
                                   limit: options.stepOutputLimit)
        let limits = SecretRegistrationLimits(
            names: [run.id, definition.name] + definition.stages.flatMap { [$0.name] + $0.steps.map(\.name) } + definition.environments.map(\.name),
            commit: run.commit)
        var context = StepContext(
            runID: run.id, stage: stage.name, step: step, environment: environment, workspace: workspace, commit: run.commit,
            rollbackTarget: rollbackTarget, previousDeployment: previous, plan: plan, environments: definition.environments,
            variables: variables, services: services
        ) { signal in
            switch signal {
            case .secret(let value):
                switch limits.decide(value) {
                case .register:
                    hub.masker.register(value)
                case .refusedMetadata(let why):
                    hub.emit(PipelineEvent(kind: .warning, runID: runID, pipeline: pipeline, commit: commit, stage: stage.name, step: step.name,
                                           message: "step '\(step.name)' asked to mask \"\(value)\" as a secret; refused: \(why), and masking it would blank the run's own records"))
                case .overLimit(let firstTime):
                    guard firstTime else { return }
                    hub.emit(PipelineEvent(kind: .warning, runID: runID, pipeline: pipeline, commit: commit, stage: stage.name, step: step.name,
                                           message: "step '\(step.name)' registered more than \(SecretRegistrationLimits.perStep) secrets; the ones after that are not masked"))
                }
            case .output(let line, let stream):
                let message: String
                switch output.record(hub.masker.mask(line)) {
                case .emit: message = line
                case .drop: return
                case .truncated(let notice): message = notice
                }
                hub.emit(PipelineEvent(kind: .stepOutput, runID: runID, pipeline: pipeline, commit: commit, stage: stage.name,
                                       step: step.name, message: message, stream: stream.rawValue))
            case .warning(let text):
                hub.emit(PipelineEvent(kind: .warning, runID: runID, pipeline: pipeline, commit: commit, stage: stage.name,
                                       step: step.name, message: text))
            case .summary(let line):
                hub.emit(PipelineEvent(kind: .stepSummary, runID: runID, pipeline: pipeline, commit: commit, stage: stage.name,
                                       step: step.name, message: line))
            case .diagnostic(let diagnostic):
                var event = PipelineEvent(kind: .diagnostic, runID: runID, pipeline: pipeline, commit: commit, stage: stage.name,
                                          step: step.name, message: diagnostic.message, file: diagnostic.file, line: diagnostic.line)
                event.column = diagnostic.column
                event.rule = diagnostic.rule?.rawValue
                event.severity = diagnostic.severity.rawValue
                hub.emit(event)
            }
        }
        if let environmentPlan {
            context.planSteps = environmentPlan.steps
            context.planHash = environmentPlan.hash
        }
        return context
    }

    /// Records a step, its message masked (names come from the document, which holds secrets
    /// as references only).
    func saveStep(_ record: StepRecord) {
        var record = record
        record.message = record.message.map(hub.masker.mask)
        do { try store.saveStep(record, fence: fence) } catch { lostStore(error, what: "step \(record.name)") }
    }

    /// Runs `body`, failing with ``EngineError/stepTimedOut`` after `seconds`.
    static func withTimeout<Result: Sendable>(_ seconds: Double?, step: String,
                                              _ body: @escaping @Sendable () async throws -> Result) async throws -> Result {
        guard let seconds else { return try await body() }
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                throw EngineError.stepTimedOut(step: step, seconds: seconds)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else { throw CancellationError() }
            return result
        }
    }
}
