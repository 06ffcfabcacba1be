import Foundation
import PipelineModel

extension RunExecutor {
    enum GateOutcome: Equatable { case passed, paused, rejected(String) }

    /// Whether the gate is satisfied, waiting up to `options.wait` for approvals; rejected when an
    /// approver of the gate rejected it.
    func passGate(_ gate: GateDefinition, of stage: StageDefinition, plan: EnvironmentPlan?) async -> GateOutcome {
        let deadline = options.wait.map { ContinuousClock.now + $0 }
        var announced = false
        while true {
            let approvals = (try? store.approvals(run: run.id, stage: stage.name)) ?? []
            let standing = GatePolicy.standing(of: gate, approvals: approvals, commit: run.commit, planHash: plan?.hash)
            if let rejection = standing.rejection {
                let message = GatePolicy.rejectionMessage(rejection)
                emit(.gateRejected, stage: stage.name, message: message,
                     details: ["approver": rejection.approver, "role": rejection.role, "reason": rejection.proof.reason ?? "",
                               "verification": rejection.proof.verificationSummary])
                return .rejected(message)
            }
            if standing.satisfied {
                let counted = GatePolicy.current(approvals, commit: run.commit, planHash: plan?.hash)
                var details = ["approvers": counted.map(\.approver).joined(separator: ","),
                               "verification": counted.map { "\($0.approver): \($0.proof.verificationSummary)" }.joined(separator: "; ")]
                details["planHash"] = plan?.hash
                emit(.gateSatisfied, stage: stage.name, message: "gate of stage '\(stage.name)' approved by \(counted.map { "\($0.approver) (\($0.role), \($0.proof.method == .unverified ? "unverified" : "verified"))" }.joined(separator: ", "))\(plan.map { " for plan \($0.hash.prefix(12))" } ?? "")",
                     details: details)
                return .passed
            }
            if !announced {
                announced = true
                record(stage: stage.name, status: .awaitingApproval, message: waitingMessage(gate, standing, stage: stage.name))
                var details = ["missingRoles": standing.missingRoles.joined(separator: ","), "approvers": "\(standing.approvers)",
                               "needed": "\(standing.needed)", "waitSeconds": options.wait.map { "\($0.components.seconds)" } ?? "0"]
                if let plan {
                    details["planHash"] = plan.hash
                    details["plan"] = PlanRenderer.lines(plan).joined(separator: "\n")
                }
                emit(.gateWaiting, stage: stage.name, status: StageStatus.awaitingApproval.rawValue,
                     message: waitingMessage(gate, standing, stage: stage.name), location: stage.location, details: details)
            }
            guard let deadline, ContinuousClock.now < deadline, !Task.isCancelled else {
                if !Task.isCancelled { try? store.updateRun(run.id, status: .awaitingApproval, finishedAt: nil, fence: fence) }
                return .paused
            }
            try? await Task.sleep(for: min(options.pollInterval, deadline - ContinuousClock.now))
        }
    }

    private func waitingMessage(_ gate: GateDefinition, _ standing: GatePolicy.Standing, stage: String) -> String {
        var parts = ["stage '\(stage)' needs \(gate.summary)"]
        if !standing.missingRoles.isEmpty { parts.append("missing: \(standing.missingRoles.joined(separator: ", "))") }
        parts.append("\(standing.approvers) of \(standing.needed) approved")
        return parts.joined(separator: "; ")
    }

    /// Nil when `condition` holds; otherwise why the stage or step is skipped.
    func unmetReason(_ condition: ConditionDefinition, environment: String?) -> String? {
        let variables = ProcessInfo.processInfo.environment
        return condition.unmetReason(branch: repository.branch, variable: { variables[$0] }) { patterns in
            changedReason(patterns, environment: environment)
        }
    }

    /// Nil when `patterns` changed since the base (or it cannot be told); else why the stage is skipped.
    private func changedReason(_ patterns: [String], environment: String?) -> String? {
        let base: String?
        if let explicit = options.base {
            base = explicit
        } else if let environment {
            base = (try? store.lastDeployment(environment: environment, excluding: run.id))?.commit
        } else {
            base = nil
        }
        guard let base, repository.commit != nil else { return nil }
        do {
            if try repository.hasChanges(since: base, matching: patterns) { return nil }
            return "no change to \(patterns.joined(separator: ", ")) since \(String(base.prefix(12)))"
        } catch {
            emit(.warning, message: "could not compare with \(base): \(error); running anyway")
            return nil
        }
    }
}
