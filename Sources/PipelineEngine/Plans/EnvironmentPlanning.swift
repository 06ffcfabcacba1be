import Foundation
import PipelineModel

/// What the `plan` step uses to plan an environment's deploy stage through the executor.
public struct EnvironmentPlanning: Sendable {
    let planner: @Sendable (_ environment: String, _ step: String, _ stage: String) async throws -> EnvironmentPlan

    public init(_ planner: @escaping @Sendable (_ environment: String, _ step: String, _ stage: String) async throws -> EnvironmentPlan) {
        self.planner = planner
    }

    public func plan(environment: String, step: String, stage: String) async throws -> EnvironmentPlan {
        try await planner(environment, step, stage)
    }
}
