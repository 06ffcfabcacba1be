import Foundation
import PipelineEngine
import PipelineTesting
import TestTiers
import Testing

/// Two writers at once, each through its own connection (another process's view): the store's
/// conditional writes let exactly one win.
@Suite struct RunStoreRaceTests {
    /// Runs `bodies` at once, each on a thread of its own; their results in order.
    static func race<T: Sendable>(_ bodies: [@Sendable () throws -> T]) -> [Result<T, any Error>] {
        let results = Results<T>(count: bodies.count)
        DispatchQueue.concurrentPerform(iterations: bodies.count) { index in
            results.set(index, Result { try bodies[index]() })
        }
        return results.all
    }

    final class Results<T: Sendable>: @unchecked Sendable {
        // @unchecked Sendable: `values` is only touched under `lock`.
        private let lock = NSLock()
        private var values: [Result<T, any Error>?]

        init(count: Int) { values = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: Result<T, any Error>) {
            lock.lock(); defer { lock.unlock() }
            values[index] = value
        }

        var all: [Result<T, any Error>] {
            lock.lock(); defer { lock.unlock() }
            return values.map { $0! }
        }
    }

    @Test(arguments: StoreFactory.tiered)
    func twoRunsTakingOneLeaseOneWins(_ factory: StoreFactory) async throws {
        let made = try await factory.make()
        let first = made.store
        let second = try made.reopen()
        for id in ["a", "b"] { try first.createRun(RunStoreContractTests.run(id)) }
        for round in 0..<5 {
            let key = Lease.environmentKey("prod-\(round)")
            let alice: @Sendable () throws -> LeaseAcquisition = { try first.acquireLease(key: key, runID: "a", user: "alice", duration: 30) }
            let bob: @Sendable () throws -> LeaseAcquisition = { try second.acquireLease(key: key, runID: "b", user: "bob", duration: 30) }
            let results = Self.race([alice, bob])
            let outcomes = try results.map { try $0.get() }
            let winners = outcomes.compactMap { outcome -> Lease? in
                if case .acquired(let lease, _) = outcome { return lease }
                return nil
            }
            #expect(winners.count == 1, "round \(round): \(outcomes)")
            let stored = try #require(try first.lease(key: key))
            #expect(winners.first?.token == stored.token)
            // The loser was told who holds it. (Tokens and holders compared: a store may keep
            // times to the microsecond only.)
            let told = outcomes.compactMap { outcome -> Lease? in
                if case .held(let holder) = outcome { return holder }
                return nil
            }
            #expect(told.map(\.token) == [stored.token], "round \(round): \(outcomes)")
            #expect(told.first?.runID == winners.first?.runID)
        }
    }

    @Test(arguments: StoreFactory.tiered)
    func twoApproversForOneSlotOneIsRecorded(_ factory: StoreFactory) async throws {
        let made = try await factory.make()
        let first = made.store
        let second = try made.reopen()
        try first.createRun(RunStoreContractTests.run("r"))
        // One slot per stage: the rule refuses once an approval is recorded.
        let oneSlot: @Sendable ([ApprovalRecord]) throws -> Void = { existing in
            if let taken = existing.first { throw EngineError.approvalRefused("the slot is taken by \(taken.approver)") }
        }
        for round in 0..<5 {
            let stage = "prod-\(round)"
            let lead: @Sendable () throws -> Void = {
                try first.addApproval(ApprovalRecord(runID: "r", stage: stage, role: "Tech Lead", approver: "lead@x", commit: "c1"), rule: oneSlot)
            }
            let ops: @Sendable () throws -> Void = {
                try second.addApproval(ApprovalRecord(runID: "r", stage: stage, role: "Tech Lead", approver: "ops@x", commit: "c1"), rule: oneSlot)
            }
            let results = Self.race([lead, ops])
            let succeeded = results.filter { (try? $0.get()) != nil }.count
            #expect(succeeded == 1, "round \(round): \(results)")
            let refused = results.compactMap { result -> EngineError? in
                if case .failure(let error as EngineError) = result { return error }
                return nil
            }
            #expect(refused.count == 1)
            #expect(refused.first.map { "\($0)".contains("the slot is taken by") } == true, "\(refused)")
            let recorded = try first.approvals(run: "r", stage: stage)
            #expect(recorded.count == 1)
            #expect(try second.approvals(run: "r", stage: stage) == recorded)
        }
    }

    @Test(arguments: StoreFactory.tiered)
    func aDriverWhoseLeaseWasTakenOverWritesNothing(_ factory: StoreFactory) async throws {
        let made = try await factory.make()
        let old = made.store
        let new = try made.reopen()
        try old.createRun(RunStoreContractTests.run("r"))
        let now = Date()
        guard case .acquired(let stale, _) = try old.acquireLease(key: Lease.runKey("r"), runID: "r", user: "me", duration: 30, now: now) else {
            Issue.record("lease not taken")
            return
        }
        // Another machine's driver finds it lapsed and takes it over.
        var foreign = stale
        foreign.host = "ci-7"
        foreign.token = "t-stale"
        #expect(try old.putLease(foreign, replacing: stale.token))
        guard case .acquired(let current, let tookOver) = try new.acquireLease(key: Lease.runKey("r"), runID: "r", user: "you", duration: 30,
                                                                              now: now.addingTimeInterval(31)) else {
            Issue.record("the lapsed lease was not taken over")
            return
        }
        #expect(tookOver?.token == foreign.token)
        #expect(tookOver?.host == "ci-7")
        let fence = LeaseFence(foreign)
        for write in [
            { try old.saveStep(StepRecord(runID: "r", stage: "build", name: "compile", phase: .apply, status: .running), fence: fence) },
            { _ = try old.startStage(StageRecord(runID: "r", name: "build", status: .running), fence: fence) },
            { try old.updateRun("r", status: .failed, finishedAt: Date(), fence: fence) },
            { try old.recordDeployment(DeploymentRecord(environment: "dev", runID: "r", commit: "c1"), fence: fence) },
        ] as [() throws -> Void] {
            let error = #expect(throws: EngineError.self) { try write() }
            guard case .leaseLost(let key, let holder) = error else {
                Issue.record("expected leaseLost, got \(String(describing: error))")
                continue
            }
            #expect(key == Lease.runKey("r"))
            #expect(holder?.contains("user you") == true, "\(holder ?? "nil")")
        }
        #expect(try new.steps(run: "r").isEmpty)
        #expect(try new.stages(run: "r").isEmpty)
        #expect(try new.run("r")?.status == .running)
        #expect(try new.lastDeployment(environment: "dev", excluding: nil) == nil)
        // The new holder's fenced writes go through.
        try new.saveStep(StepRecord(runID: "r", stage: "build", name: "compile", phase: .apply, status: .running), fence: LeaseFence(current))
        #expect(try old.steps(run: "r").map(\.name) == ["compile"])
    }
}
