import ArgumentParser
import Foundation
import PipelineEngine
import PipelineModel

/// `pipeline approve RUN --stage S --role R --as WHO`: records one approval of a gated stage.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a gated stage of a run in one role.",
        discussion: "Each approver approves once per gate, in a role the pipeline's Approvers give them; the approval is bound to the run's commit.")

    @Argument(help: "The run id.")
    var runID: String

    @Option(help: "The gated stage.")
    var stage: String

    @Option(help: "The role you approve in, e.g. \"Tech Lead\".")
    var role: String

    @Option(name: .customLong("as"), help: "Who approves (as declared in the pipeline's Approvers).")
    var approver: String

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if approver.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--as needs the approver's identity") }
    }

    func run() async throws {
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        let store = try workspace.openStore()
        guard let run = try store.run(runID) else { throw EngineError.unknownRun(runID) }
        let definition = try Loading.definition(of: run)
        let (_, plan, standing) = try GatePolicy.approve(stage: stage, role: role, approver: approver, run: run,
                                                        definition: definition, store: store)
        var message = "approved stage '\(stage)' of run \(run.id) as \(approver) (\(role))"
            + (plan.map { " for plan \($0.hash.prefix(12)) (\($0.tally))" } ?? "")
            + "; \(standing.approvers) of \(standing.needed) approvals"
        if standing.satisfied {
            message += "; the gate is satisfied: continue with `pipeline resume \(run.id)`"
        } else if !standing.missingRoles.isEmpty {
            message += "; still missing: \(standing.missingRoles.joined(separator: ", "))"
        }
        Terminal.standardOutput(message)
    }
}
