import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing

/// A store file that is damaged is reported as such and left alone; a store removed or replaced
/// under a running process is noticed.
@Suite struct StoreIntegrityTests {
    func filledStore(_ folder: TemporaryDirectory) throws -> URL {
        let directory = folder.url.appendingPathComponent(".pipeline")
        let store = try SQLiteRunStore(directory: directory)
        for index in 0..<200 {
            try store.createRun(RunRecord(id: "r\(index)", pipeline: "p", pipelineFile: "f", document: Data(repeating: 65, count: 2000),
                                          triggeredBy: "me"))
        }
        return directory
    }

    @Test(.fast) func aTruncatedStoreIsReportedAndLeftAsItIs() throws {
        let folder = try TemporaryDirectory()
        let directory = try filledStore(folder)
        let file = directory.appendingPathComponent("pipeline.sqlite")
        // Checkpointed into the main file by a fresh connection closing, then cut in half.
        do { _ = try SQLiteRunStore(directory: directory) }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) }
        let whole = try Data(contentsOf: file)
        try whole.prefix(whole.count / 2).write(to: file)
        #expect {
            _ = try SQLiteRunStore(directory: directory)
        } throws: { error in
            "\(error)".contains("is truncated") && "\(error)".contains("it was not changed")
        }
        #expect(try Data(contentsOf: file).count == whole.count / 2)
    }

    @Test(.fast) func aStoreRemovedOrReplacedUnderAProcessIsNoticed() throws {
        let folder = try TemporaryDirectory()
        let directory = try filledStore(folder)
        let store = try SQLiteRunStore(directory: directory)
        try store.checkIntact()
        let file = directory.appendingPathComponent("pipeline.sqlite")
        let moved = folder.url.appendingPathComponent("elsewhere.sqlite")
        try FileManager.default.moveItem(at: file, to: moved)
        #expect { try store.checkIntact() } throws: { "\($0)".contains("was removed") }
        try FileManager.default.copyItem(at: moved, to: file)
        #expect { try store.checkIntact() } throws: { "\($0)".contains("was replaced") }
    }

    @Test(arguments: StoreFactory.tiered)
    func aDriverWhoseLeaseWasEndedStopsAndWritesNothingMore(_ factory: StoreFactory) async throws {
        let made = try await factory.make()
        let store = made.store
        let marker = made.folder.url.appendingPathComponent("second-ran")
        let definition = Build.pipeline([
            Build.stage("deploy", environment: Build.environment("dev"), [
                Build.shell("first", "sleep 20"),
                Build.shell("second", "touch '\(marker.path)'"),
            ]),
        ])
        let document = try PipelineDocument(pipeline: definition).encoded()
        let run = RunRecord(id: "r1", pipeline: definition.name, pipelineFile: "f", document: document, commit: nil, triggeredBy: "me")
        try store.createRun(run)
        guard case .acquired(let lease, _) = try store.acquireLease(key: Lease.runKey("r1"), runID: "r1", user: "me", duration: 30) else {
            Issue.record("lease not taken")
            return
        }
        let keeper = LeaseKeeper(store: store, runLease: lease, timing: .init(duration: 3, heartbeat: 0.2))
        let hub = EventHub(masker: SecretMasker([]), sinks: [], store: store, logFile: nil)
        let executor = RunExecutor(definition: definition, run: run, store: store, registry: BuiltinSteps.registry(), hub: hub,
                                   options: RunOptions(), workspace: made.folder.url, leases: keeper)
        let task = Task { await executor.execute() }
        keeper.start { _ in task.cancel() }
        // Ended while the first step runs (it would run 20 s; losing the lease stops it).
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, try !store.steps(run: "r1").contains(where: { $0.name == "first" && $0.status == .running }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        let ended = ContinuousClock.now
        _ = try made.reopen().breakLease(key: Lease.runKey("r1"), by: "ops", reason: "test")
        let status = await task.value
        keeper.stop()
        #expect(ContinuousClock.now - ended < .seconds(15), "the step was stopped when the lease went")
        #expect(status == .failed)
        #expect(keeper.lost != nil)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
        #expect(try store.run("r1")?.status == .running)  // left for whoever resumes it
        #expect(try store.lastDeployment(environment: "dev", excluding: nil) == nil)
        #expect(try store.lease(key: Lease.environmentKey("dev")) == nil)
    }
}
