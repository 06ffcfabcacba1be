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
    /// Where each step's full output is written (`logs/STAGE.STEP.PHASE.log` inside it): the
    /// run's directory. Nil keeps no full log.
    public var runDirectory: URL?
    /// Bytes of each step's output kept as events (store, events file, console); past it the
    /// output is only in the step's log file.
    public var stepOutputLimit: Int
    /// 1 MiB per step phase.
    public static let defaultStepOutputLimit = 1 << 20
    /// How long a deploy stage waits for its environment's lock held by another live run
    /// (`--wait-lock`); nil fails the stage at once, naming the holder.
    public var lockWait: Duration?
    /// Deploy even a commit older than (an ancestor of) the one the environment has (`--allow-older`).
    public var allowOlder: Bool
    /// Plan again every deploy stage this invocation runs, instead of applying the run's saved
    /// plan (`resume --replan`, after a stale plan): the new plan is saved, shown and needs its
    /// gate's approvals, which name the plan's hash.
    public var replan: Bool
    /// The git blob id of the pipeline file at the run's commit (recorded when the run starts).
    public var pipelineFileBlob: String?
    /// This invocation drives only `stage` of a run that other invocations drive too (`run
    /// --run-id`: one CI job per stage, each on its own machine): the run is left `continuing`
    /// while stages are left for them, instead of ending with this stage.
    public var joined = false

    public init(stage: String? = nil, force: Bool = false, jobs: Int = 2, wait: Duration? = nil,
                pollInterval: Duration = .seconds(2), base: String? = nil, runDirectory: URL? = nil,
                stepOutputLimit: Int = RunOptions.defaultStepOutputLimit, lockWait: Duration? = nil, allowOlder: Bool = false,
                replan: Bool = false) {
        self.replan = replan
        self.lockWait = lockWait
        self.allowOlder = allowOlder
        self.stage = stage
        self.force = force
        self.jobs = max(jobs, 1)
        self.wait = wait
        self.pollInterval = pollInterval
        self.base = base
        self.runDirectory = runDirectory
        self.stepOutputLimit = max(stepOutputLimit, 0)
    }
}
