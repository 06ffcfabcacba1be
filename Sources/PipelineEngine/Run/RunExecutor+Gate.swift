import Foundation
import PipelineModel

extension RunExecutor {
    enum GateOutcome: Equatable { case passed, paused, rejected(String) }

    /// Whether the stage's gate (as the trusted approvers set it) is satisfied by decisions that
    /// verify again now, waiting up to `options.wait` for approvals; rejected when a verified
    /// approver of the gate rejected it. A recorded decision that does not verify is reported once
    /// and never counted. A stage without a gate (its own or its environment's trusted one)
    /// passes at once.
    func passGate(of stage: StageDefinition, plan: EnvironmentPlan?) async -> GateOutcome {
        let deadline = options.wait.map { ContinuousClock.now + $0 }
        var announced = false
        var reported: Set<String> = []
        while true {
            let review: GateReview
            do {
                guard let made = try await GateReview.review(stage: stage, run: run, store: store, authority: authority,
                                                             proposed: proposedTrust, planHash: plan?.hash) else { return .passed }
                review = made
            } catch {
                lostStore(error, what: "the approvals of stage \(stage.name)")
                return .paused
            }
            for refusal in review.refused where reported.insert(GateReview.rowKey(refusal.approval)).inserted {
                emit(.warning, stage: stage.name,
                     message: "a recorded \(refusal.approval.isRejection ? "rejection" : "approval") of stage '\(stage.name)' by '\(refusal.approval.approver)' (\(refusal.approval.role)) does not count: \(refusal.reason)",
                     details: ["approver": refusal.approval.approver, "role": refusal.approval.role, "refused": refusal.reason])
            }
            let gate = review.gate, standing = review.standing
            if let rejection = standing.rejection {
                let message = GatePolicy.rejectionMessage(rejection)
                emit(.gateRejected, stage: stage.name, message: message,
                     details: ["approver": rejection.approver, "role": rejection.role, "reason": rejection.proof.reason ?? "",
                               "verification": rejection.proof.verificationSummary])
                return .rejected(message)
            }
            if standing.satisfied {
                let counted = review.counted
                var details = ["approvers": counted.map(\.approver).joined(separator: ","),
                               "verification": counted.map { "\($0.approver): \($0.proof.verificationSummary)" }.joined(separator: "; "),
                               "trust": review.trust.source, "trustDigest": String(review.trust.root.digest.prefix(12))]
                details["planHash"] = plan?.hash
                emit(.gateSatisfied, stage: stage.name, message: "gate of stage '\(stage.name)' approved by \(counted.map { "\($0.approver) (\($0.role), \($0.proof.method == .unverified ? "unverified" : "verified"))" }.joined(separator: ", "))\(plan.map { " for plan \($0.hash.prefix(12))" } ?? "")",
                     details: details)
                return .passed
            }
            if !announced {
                announced = true
                if review.trust.firstUse {
                    emit(.warning, stage: stage.name, message: "the approvers of \(stage.environment?.name ?? stage.name) are \(review.trust.source); from its first deployment on, a change to them needs the approval of those trusted before it")
                } else if review.trust.changed {
                    emit(.warning, stage: stage.name, message: "commit \(run.commit?.prefix(12) ?? "") changes who may approve \(stage.environment?.name ?? stage.name): this gate applies the approvers \(review.trust.source), and the change takes effect once deployed")
                }
                record(stage: stage.name, status: .awaitingApproval, message: waitingMessage(gate, standing, stage: stage.name))
                var details = ["missingRoles": standing.missingRoles.joined(separator: ","), "approvers": "\(standing.approvers)",
                               "needed": "\(standing.needed)", "waitSeconds": options.wait.map { "\($0.components.seconds)" } ?? "0",
                               "trust": review.trust.source]
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
