import ApprovalSignatures
import Foundation
import PipelineEngine
import PipelineModel

/// What `approve` and `reject` share: open the run, decide, and say what happened.
struct ApprovalSession {
    let runID: String
    let global: GlobalOptions

    /// What happened, and whether the gate is now satisfied (an approval that completed it).
    struct Outcome {
        var text: String
        var satisfied = false
        /// The run's branch, where a continuation starts by default.
        var branch: String?
    }

    /// `continuing`: a satisfied gate's run is continued by the caller (it says so itself).
    func decide(_ decision: ApprovalStatement.Decision, reason: String?, options: ApprovalOptions,
                continuing: Bool = false) async throws -> Outcome {
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        let store = try workspace.openStore()
        guard let run = try store.run(runID) else { throw EngineError.unknownRun(runID) }
        let definition = try Loading.definition(of: run)
        let authority = try RunApprovalAuthority(definition: definition, commit: run.commit, repositoryRoot: workspace.root)
        let desk = ApprovalDesk(run: run, definition: definition, store: store, authority: authority,
                                environment: ProcessInfo.processInfo.environment)
        switch try await desk.decide(decision, reason: reason, options: options) {
        case .statement(let statement):
            return Outcome(text: String(decoding: statement.canonicalData(), as: UTF8.self))
        case .recorded(let record, let situation, let standing):
            let what = decision == .approve ? "approved" : "rejected"
            var message = "\(what) stage '\(record.stage)' of run \(run.id) as \(record.approver) (\(record.role)), \(record.proof.verificationSummary)"
                + (situation.plan.map { " for plan \($0.hash.prefix(12)) (\($0.tally))" } ?? "")
            if decision == .reject {
                message += run.status == .awaitingApproval ? "; the stage and the run have failed" : "; the run fails at the gate"
            } else {
                message += "; \(standing.approvers) of \(standing.needed) approvals"
                if standing.satisfied, continuing {
                    message += "; the gate is satisfied"
                } else if standing.satisfied {
                    message += "; the gate is satisfied: continue with `pipeline resume \(run.id)`"
                } else if !standing.missingRoles.isEmpty {
                    message += "; still missing: \(standing.missingRoles.joined(separator: ", "))"
                }
            }
            return Outcome(text: message, satisfied: decision == .approve && standing.satisfied, branch: run.branch)
        }
    }
}
