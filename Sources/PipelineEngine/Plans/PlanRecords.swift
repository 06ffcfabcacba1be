import Foundation
import PipelineModel

/// The saved plans a step may read: what a deploy stage applied, for the steps that check it
/// (smoke tests) rather than change it.
public struct PlanRecords: Sendable {
    let lookup: @Sendable (_ environment: String) throws -> EnvironmentPlan?

    public init(_ lookup: @escaping @Sendable (_ environment: String) throws -> EnvironmentPlan?) {
        self.lookup = lookup
    }

    /// The plan this run saved for `environment`, else the plan of the run that last deployed it.
    public func deployedPlan(environment: String) throws -> EnvironmentPlan? { try lookup(environment) }
}
