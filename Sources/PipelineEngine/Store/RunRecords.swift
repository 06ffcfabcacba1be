import Foundation

/// How a run stands.
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    case running, succeeded, failed, rolledBack, rollbackFailed, awaitingApproval, cancelled
    /// Ended for good by `pipeline abandon`: never resumed, its locks freed.
    case abandoned
    /// Shown, never stored: recorded `running`, but its driver's lease lapsed (a crash, a lost
    /// machine); `pipeline resume` continues it.
    case interrupted

    public var isFinished: Bool {
        self == .succeeded || self == .failed || self == .rolledBack || self == .rollbackFailed || self == .abandoned
    }
}

/// How a stage of a run stands.
public enum StageStatus: String, Codable, Sendable {
    case pending, running, succeeded, failed, rolledBack, rollbackFailed, skipped, blocked, awaitingApproval, cancelled
}

/// One run of a pipeline.
public struct RunRecord: Codable, Sendable, Equatable {
    public var id: String
    public var pipeline: String
    public var pipelineFile: String
    /// The pipeline document the run executes (so `resume` runs exactly the same pipeline).
    public var document: Data
    public var status: RunStatus
    public var commit: String?
    public var branch: String?
    public var commitAuthor: String?
    public var commitMessage: String?
    public var dirty: Bool
    public var triggeredBy: String
    /// `--stage`, when the run was asked for one stage.
    public var requestedStage: String?
    public var startedAt: Date
    public var finishedAt: Date?

    public init(
        id: String, pipeline: String, pipelineFile: String, document: Data, status: RunStatus = .running,
        commit: String? = nil, branch: String? = nil, commitAuthor: String? = nil, commitMessage: String? = nil,
        dirty: Bool = false, triggeredBy: String, requestedStage: String? = nil, startedAt: Date = Date(),
        finishedAt: Date? = nil
    ) {
        self.id = id
        self.pipeline = pipeline
        self.pipelineFile = pipelineFile
        self.document = document
        self.status = status
        self.commit = commit
        self.branch = branch
        self.commitAuthor = commitAuthor
        self.commitMessage = commitMessage
        self.dirty = dirty
        self.triggeredBy = triggeredBy
        self.requestedStage = requestedStage
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// A new, sortable run id: `20261125-131500-a1b2`.
    public static func newID(at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date) + "-" + String(format: "%04x", UInt16.random(in: 0...UInt16.max))
    }
}

/// A stage's result within a run.
public struct StageRecord: Codable, Sendable, Equatable {
    public var runID: String
    public var name: String
    public var status: StageStatus
    public var startedAt: Date?
    public var finishedAt: Date?
    public var message: String?

    public init(runID: String, name: String, status: StageStatus, startedAt: Date? = nil, finishedAt: Date? = nil, message: String? = nil) {
        self.runID = runID
        self.name = name
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.message = message
    }
}

/// One phase (apply, verify, rollback) of a step within a run.
public struct StepRecord: Codable, Sendable, Equatable {
    public enum Phase: String, Codable, Sendable { case apply, rollback }
    public enum Status: String, Codable, Sendable { case running, succeeded, failed, skipped, cancelled }

    public var runID: String
    public var stage: String
    public var name: String
    public var phase: Phase
    public var status: Status
    public var startedAt: Date
    public var finishedAt: Date?
    public var message: String?
    /// The machine and process that ran the step (its child processes carry
    /// `PIPELINE_RUN_ID`, so a later driver on that machine can find orphans and end them).
    public var host: String?
    public var pid: Int32?

    public init(runID: String, stage: String, name: String, phase: Phase, status: Status, startedAt: Date = Date(), finishedAt: Date? = nil,
                message: String? = nil, host: String? = ProcessInfo.processInfo.hostName, pid: Int32? = getpid()) {
        self.runID = runID
        self.stage = stage
        self.name = name
        self.phase = phase
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.message = message
        self.host = host
        self.pid = pid
    }
}

/// One person's decision on a gated stage (an approval, or a rejection with a reason), bound to
/// the run's commit and the plan they saw, with how their identity was proven.
public struct ApprovalRecord: Codable, Sendable, Equatable {
    public var runID: String
    public var stage: String
    public var role: String
    public var approver: String
    public var commit: String?
    public var approvedAt: Date
    /// The hash of the stage's saved plan when it was approved (a new plan voids the approval).
    public var planHash: String?
    /// What was decided, and the proof of who decided it.
    public var proof: ApprovalProof

    public init(runID: String, stage: String, role: String, approver: String, commit: String?, approvedAt: Date = Date(),
                planHash: String? = nil, proof: ApprovalProof = ApprovalProof()) {
        self.runID = runID
        self.stage = stage
        self.role = role
        self.approver = approver
        self.commit = commit
        self.approvedAt = approvedAt
        self.planHash = planHash
        self.proof = proof
    }

    public var isRejection: Bool { proof.decision == .reject }
}

/// A successful deployment of a commit to an environment.
public struct DeploymentRecord: Codable, Sendable, Equatable {
    public var environment: String
    public var runID: String
    public var commit: String?
    public var deployedAt: Date

    public init(environment: String, runID: String, commit: String?, deployedAt: Date = Date()) {
        self.environment = environment
        self.runID = runID
        self.commit = commit
        self.deployedAt = deployedAt
    }
}
