import Foundation
import Synchronization

/// Keeps a driver's leases alive: renews each one every `heartbeat`, checks the store is still
/// there, and calls `onLost` once when a lease was taken from it or the store vanished (the
/// driver then stops: it no longer owns the run).
public final class LeaseKeeper: Sendable {
    /// Lease length and heartbeat: 30 s and 10 s, or `PIPELINE_LEASE_SECONDS` (heartbeat a third of it).
    public struct Timing: Sendable, Equatable {
        public var duration: TimeInterval
        public var heartbeat: TimeInterval

        public init(duration: TimeInterval = 30, heartbeat: TimeInterval? = nil) {
            self.duration = max(duration, 0.3)
            self.heartbeat = heartbeat ?? self.duration / 3
        }

        /// From `PIPELINE_LEASE_SECONDS` (a number of seconds, e.g. `3` in tests), else 30 s.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Timing {
            guard let text = environment["PIPELINE_LEASE_SECONDS"], let seconds = TimeInterval(text), seconds > 0 else { return Timing() }
            return Timing(duration: seconds)
        }
    }

    private struct State {
        var held: [String: Lease] = [:]
        var lost: EngineError?
        var onLost: (@Sendable (EngineError) -> Void)?
        var task: Task<Void, Never>?
    }

    public let store: any RunStore
    public let timing: Timing
    /// The run lease this keeper was made for.
    public let runLease: Lease
    private let state: Mutex<State>

    public init(store: any RunStore, runLease: Lease, timing: Timing) {
        self.store = store
        self.timing = timing
        self.runLease = runLease
        state = Mutex(State(held: [runLease.key: runLease]))
    }

    public var fence: LeaseFence { LeaseFence(runLease) }
    public var lost: EngineError? { state.withLock { $0.lost } }

    /// Starts the heartbeat.
    public func start(onLost: @escaping @Sendable (EngineError) -> Void) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                guard let interval = self?.timing.heartbeat else { return }
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                if Task.isCancelled { return }
                self?.beat()
            }
        }
        state.withLock {
            $0.onLost = onLost
            $0.task = task
        }
    }

    /// Renews every held lease once and checks the store.
    public func beat() {
        do {
            try store.checkIntact()
        } catch let error as EngineError {
            fail(error)
            return
        } catch {
            fail(.storeFailure("\(error)"))
            return
        }
        for lease in state.withLock({ Array($0.held.values) }) {
            do {
                if let renewed = try store.renewLease(lease, duration: timing.duration) {
                    state.withLock { if $0.held[lease.key] != nil { $0.held[lease.key] = renewed } }
                } else if state.withLock({ $0.held[lease.key] != nil }) {
                    let holder = try? store.lease(key: lease.key)
                    fail(.leaseLost(key: lease.key, holder: holder?.holderDescription()))
                }
            } catch {
                // A store that cannot be reached for one beat is tried again at the next; the
                // lease lapses only after `duration`.
                continue
            }
        }
    }

    /// Throws when this driver may no longer act: a lease was lost, or one it holds passed its
    /// expiry without a renewal (the process was paused, or cut off from the store, for longer
    /// than the lease: another driver may own the run by now). The second marks the lease lost.
    /// Checked before each step starts and before each AWS call that changes something.
    public func checkHeld(now: Date = Date()) throws {
        let (lost, expired) = state.withLock { state in (state.lost, state.held.values.first { $0.isExpired(at: now) }) }
        if let lost { throw lost }
        if let expired {
            let error = EngineError.leaseLost(key: expired.key, holder: nil)
            fail(error)
            throw state.withLock { $0.lost } ?? error
        }
    }

    /// Adds an environment lease to renew.
    public func hold(_ lease: Lease) { state.withLock { $0.held[lease.key] = lease } }

    /// Stops renewing `key` and releases it.
    public func release(_ key: String) {
        guard let lease = state.withLock({ $0.held.removeValue(forKey: key) }) else { return }
        _ = try? store.deleteLease(key: key, token: lease.token)
    }

    /// Reports the loss once: the driver must stop.
    public func fail(_ error: EngineError) {
        let callback: (@Sendable (EngineError) -> Void)? = state.withLock { state in
            guard state.lost == nil else { return nil }
            state.lost = error
            return state.onLost
        }
        callback?(error)
    }

    /// Stops the heartbeat and releases every lease still held.
    public func stop() {
        let (task, held) = state.withLock { state -> (Task<Void, Never>?, [Lease]) in
            defer { state.held = [:]; state.task = nil }
            return (state.task, Array(state.held.values))
        }
        task?.cancel()
        for lease in held { _ = try? store.deleteLease(key: lease.key, token: lease.token) }
    }
}
