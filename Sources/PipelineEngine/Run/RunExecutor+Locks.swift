import Foundation
import PipelineModel

extension RunExecutor {
    enum LockResult {
        case success(Lease)
        case failure(String)
    }

    /// Takes the environment's lease for this run, waiting up to `options.lockWait` for a live
    /// holder; a holder whose heartbeat stopped (or that died on this machine) is taken over,
    /// and the run says so.
    func lockEnvironment(_ environment: String, stage: StageDefinition) async -> LockResult {
        let key = Lease.environmentKey(environment)
        let timing = leases?.timing ?? LeaseKeeper.Timing.fromEnvironment()
        let deadline = options.lockWait.map { ContinuousClock.now + $0 }
        var announced = false
        while true {
            let acquisition: LeaseAcquisition
            do {
                acquisition = try store.acquireLease(key: key, runID: run.id, user: run.triggeredBy, duration: timing.duration)
            } catch {
                lostStore(error, what: "the lock of \(environment)")
                return .failure("could not lock environment '\(environment)': \(error)")
            }
            switch acquisition {
            case .acquired(let lease, let previous):
                leases?.hold(lease)
                if let previous {
                    emit(.warning, stage: stage.name, message: "took over the lock of environment '\(environment)' from \(previous.holderDescription()): its heartbeat had stopped or its process had died",
                         details: ["environment": environment, "previousRun": previous.runID, "previousHost": previous.host,
                                   "previousPid": String(previous.pid)])
                }
                return .success(lease)
            case .held(let holder):
                let description = holder.holderDescription()
                guard let deadline, ContinuousClock.now < deadline, !Task.isCancelled else {
                    return .failure(EngineError.environmentLocked(environment: environment, heldBy: description).description)
                }
                if !announced {
                    announced = true
                    emit(.warning, stage: stage.name, message: "environment '\(environment)' is locked by \(description); waiting for it",
                         details: ["environment": environment, "holderRun": holder.runID])
                }
                try? await Task.sleep(for: min(options.pollInterval, deadline - ContinuousClock.now))
            }
        }
    }

    func releaseEnvironment(_ lease: Lease) {
        if let leases {
            leases.release(lease.key)
        } else {
            _ = try? store.deleteLease(key: lease.key, token: lease.token)
        }
    }

    /// Why this forward deploy may not go ahead: its commit is older than (an ancestor of) the
    /// environment's, or it has not succeeded in the deploy stage it is promoted from.
    func deployOrderRefusal(_ stage: StageDefinition, environment: String) -> String? {
        guard let commit = run.commit else { return nil }
        if !options.allowOlder, let last = try? store.lastDeployment(environment: environment, excluding: run.id),
           let deployed = last.commit, deployed != commit {
            do {
                if try repository.isAncestor(commit, of: deployed) {
                    return EngineError.olderCommit(environment: environment, commit: commit, deployed: deployed, deployedBy: last.runID).description
                }
            } catch {
                emit(.warning, stage: stage.name, message: "could not compare commit \(commit.prefix(12)) with \(deployed.prefix(12)) deployed to '\(environment)': \(error)")
            }
        }
        // Promotion: a deploy stage after another deploy stage deploys only what succeeded there.
        for dependency in stage.dependsOn {
            guard let previous = definition.stage(named: dependency), previous.environment != nil else { continue }
            let succeeded = (try? store.stageSucceeded(pipeline: definition.name, stage: dependency, commit: commit)) ?? false
            if !succeeded {
                return EngineError.notPromoted(environment: environment, commit: commit, previousStage: dependency).description
            }
        }
        return nil
    }
}
