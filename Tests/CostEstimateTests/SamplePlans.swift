import Foundation
import PipelineStepKit

/// The sample plans of DEV, SIT and PROD (Tests/Fixtures/cost-estimate: the seed's three
/// tables, template bucket and templates, in the built-in steps' `desired` shapes) and the
/// seed's environments.
enum SamplePlans {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ path: String) throws -> Data {
        try Data(contentsOf: packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(path))
    }

    static func plan(_ environment: String) throws -> EnvironmentPlan {
        try JSONDecoder().decode(EnvironmentPlan.self, from: fixture("cost-estimate/plan-\(environment).json"))
    }

    static func environment(_ name: String) -> StepRequest.Environment {
        let (account, retention, templates, replica): (String, Int, Int, String?) = switch name {
        case "prod": ("093646564004", 90, 90, "eu-west-1")
        case "sit": ("815856636111", 14, 60, nil)
        default: ("536580886816", 7, 30, nil)
        }
        return StepRequest.Environment(
            name: name, account: account, region: "af-south-1", role: "arn:aws:iam::\(account):role/bbws-deploy-\(name)",
            tags: ["Environment": name], settings: ["backupRetentionDays": .number(Double(retention)), "templateVersionRetentionDays": .number(Double(templates))],
            disasterRecovery: replica.map { .init(replicaRegions: [$0]) })
    }

    /// A whole request for `verb` in `environment`, as the runner would send it.
    static func request(_ verb: String, _ environment: String, parameters: [String: StepValue] = ["currency": "USD"]) throws -> StepRequest {
        StepRequest(protocol: 2, verb: verb, module: "cost-estimate",
                    run: .init(id: "20261125-131500-a1b2", pipeline: "bbws-infrastructure", stage: environment, step: "cost-estimate",
                               commit: "0123456789abcdef0123456789abcdef01234567", workspace: packageRoot.path),
                    environment: Self.environment(environment), parameters: parameters, plan: try plan(environment))
    }
}
