import Foundation
import PipelineStepKit

/// A module whose description is the golden `describe-result.json`, and whose plan of the golden
/// `plan-request.json` is the golden `result.json`.
enum GoldenModule {
    struct Parameters: Decodable, Sendable {
        var currency: String?
        var readsPerMonth: Int?
    }

    static let module = StepModule(
        name: "cost-estimate", version: "1.0.0", summary: "estimates an environment's monthly AWS cost from its plan",
        parameters: Parameters.self,
        schema: .object([
            "currency": .string(description: "ISO currency code of the estimate", enum: ["USD"]),
            "readsPerMonth": .integer(description: "read requests per table per month", minimum: 0),
        ]),
        requiresEnvironment: true
    ) { call in
        StepResult(message: "applied", summary: ["\(call.environment?.name ?? "?"): applied"])
    }
    .plan { call in
        let environment = try call.requireEnvironment().name
        let tables = call.plan?.steps(ofKind: "provision-tables").first?.desired?.object?.count ?? 0
        let monthly = 61 * tables
        return StepResult(
            message: "\(environment): about $\(monthly)/month",
            changes: [StepChange(action: .noChange, type: "estimate", resource: "monthly cost", detail: "about $\(monthly) a month")],
            notes: ["assumes \(call.parameters.readsPerMonth ?? 0) reads a month per table"],
            desired: ["monthlyUSD": .number(Double(monthly))], snapshot: .null,
            summary: ["\(environment): about $\(monthly)/month"])
    }
}
