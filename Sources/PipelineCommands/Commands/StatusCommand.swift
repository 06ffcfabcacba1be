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
        if json {
            try printJSON(run: run, stages: stages, steps: steps, store: store, definition: definition)
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
                let plan = try stage.environment.flatMap { try store.plan(run: run.id, environment: $0.name) }
                let standing = GatePolicy.standing(of: gate, approvals: approvals, commit: run.commit, planHash: plan?.hash)
                if let plan { lines.append("      plan \(plan.hash.prefix(12)): \(plan.tally)") }
                lines.append("      gate: \(gate.summary); \(standing.approvers)/\(standing.needed) approved"
                             + (approvals.isEmpty ? "" : " (\(approvals.map { "\($0.approver) as \($0.role)" }.joined(separator: ", ")))")
                             + (standing.missingRoles.isEmpty ? "" : "; missing \(standing.missingRoles.joined(separator: ", "))"))
            }
        }
        Terminal.standardOutput(lines.joined(separator: "\n"))
    }

    private func printJSON(run: RunRecord, stages: [StageRecord], steps: [StepRecord], store: any RunStore, definition: PipelineDefinition) throws {
        struct Report: Encodable {
            var id, pipeline, file, status, triggeredBy: String
            var commit: String?
            var startedAt: Date
            var finishedAt: Date?
            var stages: [StageRecord]
            var steps: [StepRecord]
            var approvals: [ApprovalRecord]
        }
        let approvals = try definition.stages.flatMap { try store.approvals(run: run.id, stage: $0.name) }
        let report = Report(id: run.id, pipeline: run.pipeline, file: run.pipelineFile, status: try store.observedStatus(of: run).rawValue,
                            triggeredBy: run.triggeredBy, commit: run.commit, startedAt: run.startedAt, finishedAt: run.finishedAt,
                            stages: stages, steps: steps, approvals: approvals)
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
