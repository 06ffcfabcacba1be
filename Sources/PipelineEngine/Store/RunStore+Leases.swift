import Foundation

/// What became of a try to take a lease.
public enum LeaseAcquisition: Sendable, Equatable {
    /// Taken; `tookOver` is the lapsed or dead holder it replaced, if any.
    case acquired(Lease, tookOver: Lease?)
    /// Someone else holds it and is alive.
    case held(Lease)
}

extension RunStore {
    /// Takes the lease `key` for `runID`, through the store's conditional writes: free, released,
    /// expired, held by a dead process on this machine, or (for an environment) held by a run
    /// that is no longer running, it is taken; held by this same run and process, it is renewed.
    public func acquireLease(key: String, runID: String, user: String, duration: TimeInterval,
                             now: Date = Date()) throws -> LeaseAcquisition {
        // A few rounds: another process may change the lease between our read and our write.
        for _ in 0..<5 {
            let current = try lease(key: key)
            var tookOver: Lease?
            if let current {
                let same = current.runID == runID && current.isHeldByThisProcess
                if !same {
                    guard try isStale(current, now: now) else { return .held(current) }
                    tookOver = current
                }
            }
            let token = (current?.isHeldByThisProcess == true && current?.runID == runID) ? current!.token : UUID().uuidString
            let since = tookOver == nil ? (current?.since ?? now) : now
            let new = Lease(key: key, runID: runID, token: token, user: user, since: since, renewedAt: now,
                            expiresAt: now.addingTimeInterval(duration))
            if try putLease(new, replacing: current?.token) { return .acquired(new, tookOver: tookOver) }
        }
        if let current = try lease(key: key) { return .held(current) }
        throw EngineError.storeFailure("could not take lease \(key): it kept changing hands")
    }

    /// Whether `lease` may be taken over: it lapsed, its holder died here, or (an environment
    /// lease) its run is no longer running.
    public func isStale(_ lease: Lease, now: Date = Date()) throws -> Bool {
        if lease.isExpired(at: now) || lease.holderIsDeadHere { return true }
        if lease.environment != nil, let holder = try run(lease.runID), holder.status != .running { return true }
        return false
    }

    /// Extends the caller's lease; false when it is no longer theirs.
    public func renewLease(_ lease: Lease, duration: TimeInterval, now: Date = Date()) throws -> Lease? {
        let renewed = Lease(key: lease.key, runID: lease.runID, token: lease.token, host: lease.host, pid: lease.pid, user: lease.user,
                            since: lease.since, renewedAt: now, expiresAt: now.addingTimeInterval(duration))
        return try putLease(renewed, replacing: lease.token) ? renewed : nil
    }

    /// Ends whoever holds `key` (`unlock --force`, `abandon`), keeping a record of whose it was,
    /// who ended it and why. Returns the lease ended, nil when there was none.
    @discardableResult
    public func breakLease(key: String, by user: String, reason: String, now: Date = Date()) throws -> Lease? {
        for _ in 0..<5 {
            guard let current = try lease(key: key) else { return nil }
            if try deleteLease(key: key, token: current.token) {
                try recordLeaseBreak(LeaseBreakRecord(lease: current, brokenBy: user, reason: reason, brokenAt: now))
                return current
            }
        }
        throw EngineError.storeFailure("could not end lease \(key): it kept changing hands")
    }

    /// How a run stands for a reader: a run recorded `running` whose driver's lease lapsed or
    /// whose driver died is `interrupted`.
    public func observedStatus(of run: RunRecord, now: Date = Date()) throws -> RunStatus {
        guard run.status == .running else { return run.status }
        guard let lease = try lease(key: Lease.runKey(run.id)) else { return .interrupted }
        return lease.isExpired(at: now) || lease.holderIsDeadHere ? .interrupted : .running
    }
}
