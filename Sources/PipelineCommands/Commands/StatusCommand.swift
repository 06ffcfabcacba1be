import ArgumentParser
import Foundation
import PipelineEngine
import PipelineModel

/// `pipeline status [RUN]`: a run's stages, steps and gates (the newest run by default).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show a run's stages, steps and gates.")

    @Argument(help: "The run id (default: the newest run).")
    var runID: String?

    @Flag(help: "Print the run record as JSON.")
    var json = false

    @Flag(help: "Check every recorded approval again from its signed statement and proof; exit 1 if one fails.")
    var verify = false

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        let store = try workspace.openStore()
        let run: RunRecord
        if let runID {
            guard let found = try store.run(runID) else { throw EngineError.unknownRun(runID) }
            run = found
        } else {
            guard let newest = try store.runs(limit: 1).first else { throw WorkspaceError.noRuns }
            run = newest
        }
        let definition = try Loading.definition(of: run)
        let stages = try store.stages(run: run.id)
        let steps = try store.steps(run: run.id)
        var failures: [String: String] = [:]
        if verify {
            // The gate's own rules: each decision checked under the trust root in force for its
            // stage (as `approve` and the gate check it), not only its signature.
            let authority = try RunApprovalAuthority(definition: definition, commit: run.commit, repositoryRoot: workspace.root)
            for stage in definition.stages {
                let trust = GateReview.trust(for: stage, run: run, store: store, proposed: authority.proposed)
                guard let gate = trust.gate(of: stage) else { continue }
                let contributors = authority.contributors(after: trust.lastDeployedCommit, upTo: run.commit)
                for approval in try store.approvals(run: run.id, stage: stage.name) {
                    let problem = GatePolicy.ruleProblem(approval, stage: stage.name, gate: gate, run: run, approvers: trust.root.approvers,
                                                         contributors: contributors)
                    if let problem {
                        failures[Self.key(approval)] = problem
                    } else if let problem = await authority.verifyProof(approval, under: trust.root) {
                        failures[Self.key(approval)] = problem
                    }
                }
            }
        }
        if json {
            try printJSON(run: run, stages: stages, steps: steps, store: store, definition: definition, failures: verify ? failures : nil)
            if !failures.isEmpty { throw ExitCode.failure }
            return
        }
        let observed = try store.observedStatus(of: run)
        var lines = ["run \(run.id)  \(run.pipeline)  \(observed.rawValue)",
                     "  file \(run.pipelineFile), started \(Self.time(run.startedAt)) by \(run.triggeredBy)"
                     + (run.commit.map { ", commit \($0.prefix(12))" } ?? "")]
        if observed == .interrupted {
            let inFlight = steps.filter { $0.status == .running }
                .map { "step '\($0.name)' of stage '\($0.stage)'\($0.host.map { " on \($0)" } ?? "")" }
            lines.append("  its driver stopped (its heartbeat lapsed)" + (inFlight.isEmpty ? "" : " with \(inFlight.joined(separator: ", ")) in flight")
                         + "; continue it with `pipeline resume \(run.id)`, or end it with `pipeline abandon \(run.id) --reason \"…\"`")
        }
        let recorded = Dictionary(stages.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        for stage in definition.stages {
            let record = recorded[stage.name]
            let status = record?.status.rawValue ?? "not run"
            lines.append("  \(ConsoleSink.symbol(status)) \(stage.name): \(status)" + (record?.message.map { " — \($0)" } ?? ""))
            for step in steps where step.stage == stage.name {
                lines.append("      \(step.phase == .rollback ? "rollback " : "")\(step.name): \(step.status.rawValue)" + (step.message.map { " — \($0)" } ?? ""))
            }
            if let gate = stage.gate {
                let approvals = try store.approvals(run: run.id, stage: stage.name)
                // A saved plan that no longer loads (edited, damaged) is shown as such, with the
                // way out; no approval counts for it.
                var plan: EnvironmentPlan?
                var unusable: String?
                do {
                    plan = try stage.environment.flatMap { try store.plan(run: run.id, environment: $0.name) }
                } catch {
                    unusable = "\(error)"
                }
                let standing = GatePolicy.standing(of: gate, approvals: unusable == nil ? approvals : [], commit: run.commit, planHash: plan?.hash)
                if let plan { lines.append("      plan \(plan.hash.prefix(12)): \(plan.tally)") }
                if let unusable {
                    lines.append("      plan: \(unusable); plan it again with `pipeline resume \(run.id) --replan`")
                }
                lines.append("      gate: \(gate.summary); \(standing.approvers)/\(standing.needed) approved"
                             + (standing.missingRoles.isEmpty ? "" : "; missing \(standing.missingRoles.joined(separator: ", "))")
                             + (standing.rejection.map { "; \(GatePolicy.rejectionMessage($0))" } ?? ""))
                for approval in approvals {
                    let counts = unusable == nil && approval.commit == run.commit && (plan == nil || approval.planHash == plan?.hash)
                    var line = "        \(approval.isRejection ? "rejected" : "approved") by \(approval.approver) as \(approval.role), \(approval.proof.verificationSummary)"
                        + (counts ? "" : " (not counted: given for another \(approval.commit == run.commit ? "plan" : "commit"))")
                    if verify { line += failures[Self.key(approval)].map { "; CHECK FAILED: \($0)" } ?? "; checked again: holds" }
                    lines.append(line)
                }
            }
        }
        Terminal.standardOutput(lines.joined(separator: "\n"))
        if !failures.isEmpty { throw ExitCode.failure }
    }

    private static func key(_ approval: ApprovalRecord) -> String {
        "\(approval.stage)\u{0}\(approval.approver)\u{0}\(approval.proof.nonce ?? "")\u{0}\(approval.approvedAt.timeIntervalSince1970)"
    }

    private func printJSON(run: RunRecord, stages: [StageRecord], steps: [StepRecord], store: any RunStore, definition: PipelineDefinition,
                           failures: [String: String]?) throws {
        struct Report: Encodable {
            var id, pipeline, file, status, triggeredBy: String
            var commit: String?
            var startedAt: Date
            var finishedAt: Date?
            var stages: [StageRecord]
            var steps: [StepRecord]
            var approvals: [ApprovalRecord]
            /// With --verify: approvals whose check failed, and why.
            var verification: [String: String]?
        }
        let approvals = try definition.stages.flatMap { try store.approvals(run: run.id, stage: $0.name) }
        let report = Report(id: run.id, pipeline: run.pipeline, file: run.pipelineFile, status: try store.observedStatus(of: run).rawValue,
                            triggeredBy: run.triggeredBy, commit: run.commit, startedAt: run.startedAt, finishedAt: run.finishedAt,
                            stages: stages, steps: steps, approvals: approvals,
                            verification: failures.map { failed in
                                Dictionary(approvals.map { ("\($0.stage)/\($0.approver)", failed[Self.key($0)] ?? "holds") }) { first, _ in first }
                            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        Terminal.standardOutput(String(decoding: try encoder.encode(report), as: UTF8.self))
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }
}
