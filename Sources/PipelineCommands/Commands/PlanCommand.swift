import ArgumentParser
import BuiltinSteps
import Foundation
import PipelineBasics
import PipelineEngine
import PipelineLoading
import PipelineModel

/// `pipeline plan FILE --env ENV`: what deploying the current commit to one environment would
/// change, read from the live system; changes nothing. Exit codes with `--detailed-exitcode` as
/// `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what deploying the current commit to an environment would change.",
        discussion: """
            Plans every step of the environment's deploy stage against the live system and prints the changes \
            (+ create, ~ update, - delete, -/+ replace, > run, ! orphaned). Files are read at HEAD; nothing is changed. \
            The saved plan format (--out, --json) is documented in docs/plan-format.md.
            """)

    @Argument(help: "The pipeline file, e.g. pipelines/deploy.swift.")
    var file: String

    @Option(name: .customLong("env"), help: "The environment to plan, e.g. dev.")
    var environment: String

    @Option(help: "Also write the plan as JSON to this file.")
    var out: String?

    @Flag(help: "Print the plan as JSON on stdout instead of the human view.")
    var json = false

    @Flag(name: .customLong("detailed-exitcode"), help: "Exit 0 when there are no changes, 2 when there are, 1 on error.")
    var detailedExitCode = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if environment.isEmpty { throw ValidationError("--env needs an environment name, e.g. --env dev") }
        if let out, out.isEmpty { throw ValidationError("--out needs a file name") }
        if let out {
            let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--out \(out): the folder \(folder) does not exist; create it first, or name a file in an existing folder")
            }
        }
    }

    func run() async throws {
        let plan: EnvironmentPlan
        let approval: String?
        do {
            (plan, approval) = try await makePlan()
            if let out { try Self.writePrivately(try plan.jsonData(), to: out) }
        } catch where detailedExitCode {
            // terraform plan -detailed-exitcode: every error is 1.
            throw ExitStatusOverride(error, status: ExitStatus.failed)
        }
        if json {
            Terminal.standardOutput(String(decoding: try plan.jsonData(), as: UTF8.self))
        } else {
            Terminal.standardOutput(PlanRenderer.lines(plan).joined(separator: "\n"))
            if let approval { Terminal.standardOutput(approval) }
            if let out { Terminal.standardOutput("Saved the plan to \(out).") }
        }
        if detailedExitCode && plan.hasChanges { throw ExitCode(2) }
    }

    /// Writes `data` to `path` readable by its owner only (a plan shows the environment's
    /// resources and settings); a path that cannot be written is the user's to fix.
    static func writePrivately(_ data: Data, to path: String) throws {
        do {
            try PrivateFiles.write(Array(data), to: path)
        } catch {
            throw WorkspaceError.cannotWrite(path: path, reason: error.reason)
        }
    }

    /// The plan, and who must approve it: the gate and the approvers trusted for it.
    private func makePlan() async throws -> (EnvironmentPlan, String?) {
        let loaded = try await Loading.load(file)
        let definition = loaded.definition
        let workspace = Workspace.discover(stateDirectory: global.stateDirectory)
        let store = try workspace.openStore(declared: definition.state)
        let repository = try GitRepositoryState.inspect(workspace.root)
        let run = RunRecord(id: "plan-" + RunRecord.newID(), pipeline: definition.name, pipelineFile: file, document: loaded.document,
                            commit: repository?.commit, branch: repository?.branch, triggeredBy: Workspace.currentUser)
        let masker = Terminal.masker
        for warning in SecretRegistration.register(definition.secrets, into: masker) { Terminal.standardError("warning: \(warning)") }
        SecretRegistration.registerRunnerCredentials(into: masker)
        let hub = EventHub(masker: masker, sinks: [StepLogSink()], store: nil, logFile: nil)
        defer { hub.finish() }
        let services = StepServicesFactory.make(workspace: workspace, repository: repository, runID: run.id, hub: hub,
                                                secrets: definition.secrets)
        let executor = RunExecutor(definition: definition, run: run, store: store, registry: BuiltinSteps.registry(), hub: hub,
                                   options: RunOptions(), workspace: workspace.root, repository: repository ?? NoRepository(),
                                   services: services)
        guard let stage = executor.deployStage(for: environment) else {
            throw EngineError.noDeployStage(environment: environment, known: definition.stages.compactMap(\.environment?.name))
        }
        do {
            let plan = try await executor.makePlan(for: stage)
            await services.resolve(AWSAccess.self)?.shutdown()
            let proposed = try ApprovalTrust.proposed(by: definition, commit: run.commit, repositoryRoot: workspace.root)
            let trust = GateReview.trust(for: stage, commit: run.commit, excludingRun: nil, store: store, proposed: proposed)
            let approval = trust.gate(of: stage).map { gate in
                "Approval: \(gate.summary); approvers trusted: \(trust.source) [\(trust.root.digest.prefix(12))]"
                    + (trust.changed ? "; this commit changes them, which takes effect once deployed" : "")
            }
            return (plan, approval)
        } catch {
            await services.resolve(AWSAccess.self)?.shutdown()
            throw error
        }
    }
}
