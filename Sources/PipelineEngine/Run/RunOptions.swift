import Foundation

/// How a run executes.
public struct RunOptions: Sendable {
    /// Run only this stage (`--stage`).
    public var stage: String?
    /// Run `stage` even if the stages it depends on have not succeeded for this commit.
    public var force: Bool
    /// How many independent stages may run at once.
    public var jobs: Int
    /// How long to wait at a gate for approvals before pausing the run; nil pauses at once.
    public var wait: Duration?
    /// How often to look for new approvals while waiting.
    public var pollInterval: Duration
    /// The base for `changed` conditions (`--base REF`), instead of the last deployment.
    public var base: String?
    /// How long a deploy stage waits for its environment's lock held by another live run
    /// (`--wait-lock`); nil fails the stage at once, naming the holder.
    public var lockWait: Duration?
    /// Deploy even a commit older than (an ancestor of) the one the environment has (`--allow-older`).
    public var allowOlder: Bool

    public init(stage: String? = nil, force: Bool = false, jobs: Int = 2, wait: Duration? = nil,
                pollInterval: Duration = .seconds(2), base: String? = nil, lockWait: Duration? = nil, allowOlder: Bool = false) {
        self.lockWait = lockWait
        self.allowOlder = allowOlder
        self.stage = stage
        self.force = force
        self.jobs = max(jobs, 1)
        self.wait = wait
        self.pollInterval = pollInterval
        self.base = base
    }
}
