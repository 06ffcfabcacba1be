import Foundation
import Logging
import PipelineModel

/// Runs (or resumes) one run of a pipeline: stages in dependency order, independent stages in
/// parallel up to `jobs`, gates, rollback paths, and a record of everything in the run store.
///
/// A failed stage stops everything that depends on it; stages that do not depend on it go on.
/// Cancelling the task that calls ``execute()`` stops running steps (their processes get
/// SIGTERM) and records the run as cancelled.
public struct RunExecutor: Sendable {
    public let definition: PipelineDefinition
    public let run: RunRecord
    public let store: any RunStore
    public let registry: StepRegistry
    public let hub: EventHub
    public let options: RunOptions
    public let workspace: URL
    public let repository: any RepositoryState
    public let services: StepServices
    /// The driver's leases (the run's, and environments' while their stages run); nil for a
    /// run that is not fenced (in-process tests of the engine alone).
    public let leases: LeaseKeeper?
    /// Verifies approvals at gates against the trust root; nil in engine-only tests (a signed
    /// approval then cannot be checked and does not count).
    public let authority: (any ApprovalAuthority)?
    /// Fresh checkouts per stage; nil: every stage works in `workspace`.
    public let checkouts: (any StageCheckouts)?
    let logger: Logger

    public init(
        definition: PipelineDefinition, run: RunRecord, store: any RunStore, registry: StepRegistry, hub: EventHub,
        options: RunOptions, workspace: URL, repository: any RepositoryState = NoRepository(),
        services: StepServices = StepServices(), leases: LeaseKeeper? = nil, authority: (any ApprovalAuthority)? = nil,
        checkouts: (any StageCheckouts)? = nil, logger: Logger = Logger(label: "pipeline.engine")
    ) {
        self.checkouts = checkouts
        self.leases = leases
        self.authority = authority
        self.definition = definition
        self.run = run
        self.store = store
        self.registry = registry
        self.hub = hub
        self.options = options
        self.workspace = workspace
        self.repository = repository
        self.services = services
        self.logger = logger
    }

    /// The trust root the run's commit proposes.
    var proposedTrust: TrustRoot {
        authority?.proposed ?? TrustRoot(proposedBy: definition, signers: "", commit: run.commit)
    }

    /// Checks `--stage` before a run is created: the stage exists and, unless `force`, every
    /// stage it depends on has succeeded for this commit.
    public static func preflight(definition: PipelineDefinition, options: RunOptions, store: any RunStore, commit: String?) throws {
        guard let name = options.stage else { return }
        guard let stage = definition.stage(named: name) else {
            throw EngineError.unknownStage(run: "(new)", stage: name, known: definition.stages.map(\.name))
        }
        guard !options.force else { return }
        for dependency in stage.dependsOn where try !store.stageSucceeded(pipeline: definition.name, stage: dependency, commit: commit) {
            throw EngineError.dependencyNotSucceeded(stage: name, dependency: dependency, commit: commit)
        }
    }

    /// Executes the run and returns its final status (also recorded in the store).
    /// `notices` are shown as warnings right after the run starts (e.g. uncommitted changes).
    public func execute(resuming: Bool = false, notices: [String] = []) async -> RunStatus {
        let started = ContinuousClock.now
        var file = ["file": run.pipelineFile]
        file["fileBlob"] = options.pipelineFileBlob
        emit(resuming ? .runResumed : .runStarted, message: resuming ? "resuming run \(run.id)" : "running pipeline '\(definition.name)'",
             details: file)
        for notice in notices { emit(.warning, message: notice) }
        var statuses = initialStatuses(resuming: resuming)
        let selected = Set(options.stage.map { [$0] } ?? definition.stages.map(\.name))
        let order = StageGraph(definition.stages).topologicalOrder()

        await withTaskGroup(of: (String, StageStatus).self) { group in
            var running = 0
            while true {
                if !Task.isCancelled {
                    for name in order where statuses[name] == .pending && selected.contains(name) && running < options.jobs {
                        guard let stage = definition.stage(named: name) else { continue }
                        switch readiness(of: stage, statuses: statuses, selected: selected) {
                        case .ready:
                            statuses[name] = .running
                            running += 1
                            group.addTask { (name, await self.runStage(stage)) }
                        case .blocked(let reason):
                            statuses[name] = .blocked
                            record(stage: name, status: .blocked, message: reason)
                            emit(.stageSkipped, stage: name, status: StageStatus.blocked.rawValue, message: reason)
                        case .waiting:
                            continue
                        }
                    }
                }
                guard running > 0, let finished = await group.next() else { break }
                running -= 1
                statuses[finished.0] = finished.1
            }
        }

        var final = finalStatus(statuses, selected: selected)
        // A store removed or replaced under the run, or a lease taken from it: the run did not
        // do what its records would say; it fails, and leaves the records to their new owner.
        do { try store.checkIntact() } catch let error as EngineError { leases?.fail(error) } catch {}
        if let lost = leases?.lost {
            emit(.runFinished, status: RunStatus.failed.rawValue, duration: ContinuousClock.now - started,
                 message: "run \(run.id) stopped: \(lost.description)")
            return .failed
        }
        for (name, status) in statuses where selected.contains(name) && status == .pending && final == .cancelled {
            record(stage: name, status: .cancelled, message: "the run was cancelled before this stage started")
        }
        do {
            try store.updateRun(run.id, status: final, finishedAt: final == .awaitingApproval || final == .continuing ? nil : Date(), fence: fence)
        } catch {
            logger.error("could not record the run's end: \(error)")
            final = .failed
        }
        emit(.runFinished, status: final.rawValue, duration: ContinuousClock.now - started, message: summary(of: final, statuses))
        return final
    }

    private enum Readiness { case ready, waiting, blocked(String) }

    private func readiness(of stage: StageDefinition, statuses: [String: StageStatus], selected: Set<String>) -> Readiness {
        for dependency in stage.dependsOn where selected.contains(dependency) {
            switch statuses[dependency] ?? .pending {
            case .succeeded, .skipped: continue
            case .pending, .running, .awaitingApproval: return .waiting
            case let status: return .blocked("not run: stage '\(dependency)' \(status == .blocked ? "did not run" : status.rawValue)")
            }
        }
        return .ready
    }

    private func initialStatuses(resuming: Bool) -> [String: StageStatus] {
        var statuses = Dictionary(uniqueKeysWithValues: definition.stages.map { ($0.name, StageStatus.pending) })
        guard resuming, let recorded = try? store.stages(run: run.id) else { return statuses }
        for record in recorded where record.status == .succeeded || record.status == .skipped {
            statuses[record.name] = record.status
        }
        return statuses
    }

    private func finalStatus(_ statuses: [String: StageStatus], selected: Set<String>) -> RunStatus {
        let relevant = statuses.filter { selected.contains($0.key) }.values
        if relevant.contains(.rollbackFailed) { return .rollbackFailed }
        if relevant.contains(.cancelled) || Task.isCancelled { return .cancelled }
        if relevant.contains(.failed) { return .failed }
        if relevant.contains(.rolledBack) { return .rolledBack }
        if relevant.contains(.awaitingApproval) { return .awaitingApproval }
        // A joined run ends only when its last stage does: other jobs drive the rest.
        if options.joined, statuses.contains(where: { $0.value != .succeeded && $0.value != .skipped }) { return .continuing }
        return .succeeded
    }

    private func summary(of status: RunStatus, _ statuses: [String: StageStatus]) -> String {
        let names = { (wanted: StageStatus) in statuses.filter { $0.value == wanted }.keys.sorted().joined(separator: ", ") }
        switch status {
        case .succeeded: return "run \(run.id) succeeded"
        case .failed: return "run \(run.id) failed in stage \(names(.failed))"
        case .rolledBack: return "run \(run.id) failed and was rolled back (stage \(names(.rolledBack)))"
        case .rollbackFailed: return "run \(run.id) failed and its ROLLBACK FAILED (stage \(names(.rollbackFailed))): the environment may be half-deployed; act now"
        case .awaitingApproval: return "run \(run.id) is waiting for approval of stage \(names(.awaitingApproval)); approve with `pipeline approve \(run.id) --stage <stage> --role <role>` (signed with your SSH key or an OIDC token), then `pipeline resume \(run.id)`"
        case .cancelled: return "run \(run.id) was cancelled"
        case .continuing:
            return "run \(run.id) goes on: stage\(options.stage.map { " \($0)" } ?? "s") done here, the rest in the jobs that follow"
        case .running, .interrupted: return "run \(run.id) is running"
        case .abandoned: return "run \(run.id) was abandoned"
        }
    }

    // MARK: Recording

    func emit(_ kind: PipelineEvent.Kind, stage: String? = nil, step: String? = nil, phase: String? = nil, status: String? = nil,
              duration: Duration? = nil, message: String? = nil, stream: String? = nil, location: SourceLocation? = nil,
              details: [String: String]? = nil) {
        hub.emit(PipelineEvent(
            kind: kind, runID: run.id, pipeline: definition.name, commit: run.commit, stage: stage, step: step, phase: phase,
            status: status, durationMs: duration.map(Self.milliseconds), message: message, stream: stream,
            file: location?.file, line: location?.line, details: details))
    }

    /// The run lease's fence for the driver's writes.
    var fence: LeaseFence? { leases?.fence }

    func record(stage: String, status: StageStatus, started: Date? = nil, message: String? = nil) {
        do {
            try store.saveStage(StageRecord(runID: run.id, name: stage, status: status, startedAt: started,
                                            finishedAt: status == .running ? nil : Date(), message: message.map(hub.masker.mask)),
                                fence: fence)
        } catch {
            lostStore(error, what: "stage \(stage)")
        }
    }

    /// A write the store refused: a lost lease or a vanished store stops the driver.
    func lostStore(_ error: any Error, what: String) {
        logger.error("could not record \(what): \(error)")
        if let error = error as? EngineError {
            switch error {
            case .leaseLost, .storeFailure, .storeCorrupt: leases?.fail(error)
            default: break
            }
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
