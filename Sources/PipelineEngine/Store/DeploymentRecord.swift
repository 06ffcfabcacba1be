import Foundation

/// A successful deployment of a commit to an environment.
public struct DeploymentRecord: Codable, Sendable, Equatable {
    public var environment: String
    public var runID: String
    public var commit: String?
    public var deployedAt: Date
    /// Who may approve the environment's next deployment: the trust root the deployed commit
    /// proposed (``GateReview``). Nil for deployments recorded before trust roots were kept.
    public var trust: TrustRoot?

    public init(environment: String, runID: String, commit: String?, deployedAt: Date = Date(), trust: TrustRoot? = nil) {
        self.environment = environment
        self.runID = runID
        self.commit = commit
        self.deployedAt = deployedAt
        self.trust = trust
    }
}
