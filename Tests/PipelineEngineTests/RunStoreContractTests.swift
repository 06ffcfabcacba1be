import Foundation
import PipelineEngine
import PipelineTesting
import TestTiers
import Testing

/// What every run store must enforce with conditional writes, checked against each store.
@Suite struct RunStoreContractTests {
    static func run(_ id: String, status: RunStatus = .running) -> RunRecord {
        RunRecord(id: id, pipeline: "p", pipelineFile: "f", document: Data("{}".utf8), status: status, commit: "c1", triggeredBy: "me")
    }

    @Test(arguments: StoreFactory.tiered)
    func aLeaseChangesHandsOnlyWhenReleasedOrExpired(_ factory: StoreFactory) async throws {
        let made = try await factory.make()
        let store = made.store
        let other = try made.reopen()
        for id in ["a", "b"] { try store.createRun(Self.run(id)) }
        let key = Lease.environmentKey("prod")
        let now = Date()
        guard case .acquired(let first, nil) = try store.acquireLease(key: key, runID: "a", user: "alice", duration: 30, now: now) else {
            Issue.record("the free lease was not taken")
            return
        }
        // Another live holder (a foreign machine) cannot be displaced while the lease is fresh.
        var foreign = first
        foreign.host = "another-machine"
        foreign.token = "t-foreign"
        #expect(try store.putLease(foreign, replacing: first.token))
        #expect(try other.acquireLease(key: key, runID: "b", user: "bob", duration: 30, now: now) == .held(foreign))
        // A stale token cannot overwrite or delete it.
        #expect(try !other.putLease(first, replacing: first.token))
        #expect(try !other.deleteLease(key: key, token: first.token))
        // Once it lapsed, the next one takes it over and learns from whom.
        guard case .acquired(let second, let previous) = try other.acquireLease(key: key, runID: "b", user: "bob", duration: 30,
                                                                             now: now.addingTimeInterval(31)) else {
            Issue.record("the lapsed lease was not taken over")
            return
        }
        #expect(previous == foreign)
        #expect(second.runID == "b")
        #expect(try store.lease(key: key) == second)
        // The holder releases it; then it is free.
        #expect(try other.deleteLease(key: key, token: second.token))
        #expect(try store.lease(key: key) == nil)
    }

    @Test(arguments: StoreFactory.tiered)
    func fencedWritesStopOnceTheLeaseIsLost(_ factory: StoreFactory) async throws {
        let made = try await factory.make()
        let store = made.store
        try store.createRun(Self.run("r"))
        guard case .acquired(let lease, _) = try store.acquireLease(key: Lease.runKey("r"), runID: "r", user: "me", duration: 30) else {
            Issue.record("lease not taken")
            return
        }
        let fence = LeaseFence(lease)
        #expect(try store.startStage(StageRecord(runID: "r", name: "build", status: .running), fence: fence))
        try store.saveStage(StageRecord(runID: "r", name: "build", status: .succeeded), fence: fence)
        // A stage that succeeded does not start again.
        #expect(try !store.startStage(StageRecord(runID: "r", name: "build", status: .running), fence: fence))
        // Someone ends the lease by hand: the old driver's writes are refused, nothing written.
        let broken = try made.reopen().breakLease(key: Lease.runKey("r"), by: "ops", reason: "machine lost")
        #expect(broken == lease)
        #expect(throws: EngineError.self) {
            try store.saveStage(StageRecord(runID: "r", name: "deploy", status: .running), fence: fence)
        }
        #expect(throws: EngineError.self) {
            try store.recordDeployment(DeploymentRecord(environment: "dev", runID: "r", commit: "c1"), fence: fence)
        }
        #expect(try store.stages(run: "r").map(\.name) == ["build"])
        #expect(try store.lastDeployment(environment: "dev", excluding: nil) == nil)
        let breaks = try store.leaseBreaks(run: "r")
        #expect(breaks.map(\.brokenBy) == ["ops"])
        #expect(breaks.map(\.reason) == ["machine lost"])
        #expect(breaks.first?.lease == lease)
    }

    @Test(arguments: StoreFactory.tiered)
    func aRunWhoseDriverStoppedIsInterrupted(_ factory: StoreFactory) async throws {
        let made = try await factory.make()
        let store = made.store
        let run = Self.run("r")
        try store.createRun(run)
        #expect(try store.observedStatus(of: run) == .interrupted)  // running, but no driver
        _ = try store.acquireLease(key: Lease.runKey("r"), runID: "r", user: "me", duration: 30)
        #expect(try store.observedStatus(of: run) == .running)
        #expect(try store.observedStatus(of: run, now: Date().addingTimeInterval(60)) == .interrupted)
    }
}
