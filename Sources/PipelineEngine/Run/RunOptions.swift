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

    public init(stage: String? = nil, force: Bool = false, jobs: Int = 2, wait: Duration? = nil,
                pollInterval: Duration = .seconds(2), base: String? = nil) {
        self.stage = stage
        self.force = force
        self.jobs = max(jobs, 1)
        self.wait = wait
        self.pollInterval = pollInterval
        self.base = base
    }
}

/// What the engine needs to know about the repository a run deploys.
public protocol RepositoryState: Sendable {
    /// The commit the run deploys, or nil outside a git repository.
    var commit: String? { get }
    var branch: String? { get }
    /// Whether a path matching one of `patterns` (globs: `*`, `**`, `?`) changed between `base`
    /// (a revision) and the run's commit.
    func hasChanges(since base: String, matching patterns: [String]) throws -> Bool
}

/// The workspace is not a git repository: no commit, no branch, and `changed` conditions hold.
public struct NoRepository: RepositoryState {
    public init() {}
    public var commit: String? { nil }
    public var branch: String? { nil }
    public func hasChanges(since base: String, matching patterns: [String]) throws -> Bool { true }
}
