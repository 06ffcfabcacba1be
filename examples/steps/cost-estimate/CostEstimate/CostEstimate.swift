import Foundation
import PipelineStepKit

/// The `cost-estimate` step module: turns an environment's plan into a monthly estimate with
/// its assumptions stated. Plan it after the steps that provision (`ProvisionTables`,
/// `ProvisionTemplateBucket`, `PublishTemplates`):
///
/// ```swift
/// Custom("cost-estimate", with: ["currency": "USD"])
/// ```
///
/// - plan: one `noChange` change of type `estimate` (the monthly figure), the assumptions and a
///   line per resource as notes;
/// - apply: the same figure from the saved plan the approvers were shown, as summary lines.
public enum CostEstimate {
    public static let version = "1.0.0"

    public static let module = StepModule(
        name: "cost-estimate", version: version,
        summary: "estimates an environment's monthly AWS cost from its plan",
        parameters: CostParameters.self, schema: CostParameters.schema, requiresEnvironment: true,
        apply: { call in try estimate(call).applyResult }
    ).plan { call in
        try estimate(call).planResult
    }

    static func estimate(_ call: StepCall<CostParameters>) throws -> Estimate {
        let environment = try call.requireEnvironment()
        guard let plan = call.plan else {
            throw StepFailure(call.protocolVersion < 2
                ? "cost-estimate needs the environment's plan, which a protocol 1 runner does not send: run it with a runner that speaks step protocol 2"
                : "the request has no plan for \(environment.name): put cost-estimate in the Deploy stage, after the steps that provision")
        }
        let estimate = Estimator(parameters: call.parameters).estimate(environment: environment, plan: plan)
        call.log("\(estimate.message) from \(plan.steps.count) planned step\(plan.steps.count == 1 ? "" : "s")")
        return estimate
    }
}

extension Estimate {
    /// What the plan verb answers.
    var planResult: StepResult {
        StepResult(message: message,
                   changes: lines.isEmpty ? [] : [StepChange(action: .noChange, type: "estimate", resource: "monthly cost", detail: "\(figure) a month")],
                   notes: notes)
    }

    /// What the apply verb answers.
    var applyResult: StepResult { StepResult(message: message, summary: summary) }
}
