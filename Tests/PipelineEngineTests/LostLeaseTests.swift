import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// A driver that lost its lease, or let it lapse (paused past it), stops acting: no step and no
/// rollback starts after that; the run's new driver decides what happens to the environment.
struct LostLeaseTests {
    struct Driver {
        let store: any RunStore
        let keeper: LeaseKeeper
        let task: Task<RunStatus, Never>
        let workspace: URL
    }

    /// Starts a driver of a deploy whose first step applies a file and whose second runs `sleep 20`,
    /// with a rollback path that would undo the first.
    static func start(_ made: StoreFactory.Made, rollbackMarker: URL) throws -> Driver {
        let registry = FileResourceStep.registry
        let definition = Build.pipeline([
            Build.stage("deploy", environment: Build.environment("dev"), rollback: .eachStep, [
                FileResourceStep.definition("first", path: "first.txt", content: "v1"),
                Build.shell("second", "sleep 20", rollback: "touch '\(rollbackMarker.path)'"),
            ]),
        ])
        let document = try PipelineDocument(pipeline: definition).encoded()
        let run = RunRecord(id: "r1", pipeline: definition.name, pipelineFile: "f", document: document, commit: nil, triggeredBy: "me")
        try made.store.createRun(run)
        guard case .acquired(let lease, _) = try made.store.acquireLease(key: Lease.runKey("r1"), runID: "r1", user: "me", duration: 30) else {
            throw CancellationError()
        }
        let keeper = LeaseKeeper(store: made.store, runLease: lease, timing: .init(duration: 3, heartbeat: 0.2))
        let hub = EventHub(masker: SecretMasker([]), sinks: [], store: made.store, logFile: nil)
        let executor = RunExecutor(definition: definition, run: run, store: made.store, registry: registry, hub: hub,
                                   options: RunOptions(), workspace: made.folder.url, leases: keeper)
        let task = Task { await executor.execute() }
        keeper.start { _ in task.cancel() }
        return Driver(store: made.store, keeper: keeper, task: task, workspace: made.folder.url)
    }

    static func waitForSecondStep(_ store: any RunStore) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, try !store.steps(run: "r1").contains(where: { $0.name == "second" && $0.status == .running }) {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test(arguments: StoreFactory.tiered)
    func aDriverWhoseLeaseWasTakenRollsNothingBack(_ factory: StoreFactory) async throws {
        let made = try await factory.make()
        let marker = made.folder.url.appendingPathComponent("rolled-back")
        let driver = try Self.start(made, rollbackMarker: marker)
        try await Self.waitForSecondStep(driver.store)
        // Another machine's `unlock --force` / `resume` ends this driver's lease.
        _ = try made.reopen().breakLease(key: Lease.runKey("r1"), by: "ops", reason: "test")
        #expect(await driver.task.value == .failed)
        driver.keeper.stop()
        #expect(driver.keeper.lost != nil)
        #expect(!FileManager.default.fileExists(atPath: marker.path), "no rollback step ran")
        #expect(try String(contentsOf: driver.workspace.appendingPathComponent("first.txt"), encoding: .utf8) == "v1",
                "the first step's apply was not undone")
        #expect(try !driver.store.steps(run: "r1").contains { $0.phase == .rollback })
    }

    @Test(.fast) func aLeaseThatLapsedWhileTheProcessWasPausedCountsAsLost() throws {
        let folder = try TemporaryDirectory()
        let store = try SQLiteRunStore(directory: folder.url.appendingPathComponent(".pipeline"))
        guard case .acquired(let lease, _) = try store.acquireLease(key: Lease.runKey("r1"), runID: "r1", user: "me", duration: 30) else {
            Issue.record("lease not taken")
            return
        }
        let keeper = LeaseKeeper(store: store, runLease: lease, timing: .init(duration: 30))
        try keeper.checkHeld()
        #expect(keeper.lost == nil)
        // Woken 31 s later with no heartbeat in between: the lease is no longer this driver's.
        #expect(throws: EngineError.self) { try keeper.checkHeld(now: Date().addingTimeInterval(31)) }
        #expect(keeper.lost != nil)
        #expect(throws: EngineError.self) { try keeper.checkHeld() }
        keeper.stop()
    }
}
