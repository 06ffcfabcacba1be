import Foundation

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
