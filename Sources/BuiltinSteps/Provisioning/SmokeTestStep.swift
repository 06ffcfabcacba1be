import AWS
import Foundation
import PipelineEngine
import PipelineModel
import TableProvisioning
import TemplateDeployment

/// The built-in `smoke-test` step (`SmokeTest()` in a deploy stage, `SmokeTest(.all)` after the
/// last one): reads back what was deployed and checks it against the desired state of the
/// environment's saved plan — tables ACTIVE with their indexes, PITR, TTL and tags, and an item
/// round trip in each (a probe item with a TTL: put, get, delete); the bucket's settings; each
/// template object's content hash equals the commit's; each template renders with its
/// manifest's sample data, and links only to the environment's `allowedLinkHosts` (a setting,
/// when the environment has it). A failure fails the stage, which starts its rollback path.
public struct SmokeTestStep: StepModule {
    public static let kind = "smoke-test"
    public static let summary = "checks what a deploy stage made against its plan: tables, item round trips, bucket, objects, rendering (scope)"

    enum Scope: String { case environment, all }
    let scope: Scope

    public init(step: StepDefinition) throws {
        let text = step.string("scope") ?? Scope.environment.rawValue
        guard let scope = Scope(rawValue: text) else {
            throw StepConfigurationError(step: step.name, field: "scope", message: "is \"environment\" or \"all\", not \"\(text)\"")
        }
        self.scope = scope
    }

    public var requiresEnvironment: Bool { scope == .environment }

    public func plan(in context: StepContext) async throws -> StepPlan {
        let environments = scope == .all ? context.environments.map(\.name).joined(separator: ", ") : context.environment?.name ?? "-"
        // A check changes nothing: it does not make a plan "have changes" (a drift check stays 0).
        return StepPlan(changes: [PlannedChange(action: .noChange, resource: context.step.name,
                                                detail: "reads back and checks \(environments); changes nothing")])
    }

    public func apply(in context: StepContext) async throws {
        let environments = scope == .all ? context.environments : [try context.requireEnvironment()]
        var failures: [String] = []
        var checked: [String] = []
        for environment in environments {
            guard let plan = try context.deployedPlan(environment: environment.name) else {
                failures.append("\(environment.name): no deployment with a saved plan is recorded; deploy it first")
                continue
            }
            let checks = try await check(environment, plan: plan, context: context)
            checked.append("\(environment.name) (\(checks.count) checks)")
            failures += checks.compactMap { $0.failure.map { "\(environment.name): \($0)" } }
        }
        for failure in failures { context.log("FAILED \(failure)", stream: .stderr) }
        context.summarize("smoke test of \(checked.joined(separator: ", ")): \(failures.isEmpty ? "all passed" : "\(failures.count) failed")")
        if !failures.isEmpty { throw SmokeTestFailure(failures: failures) }
    }

    struct Check {
        var name: String
        var failure: String?
    }

    /// Every check of one environment, from the desired states its plan recorded.
    func check(_ environment: EnvironmentDefinition, plan: EnvironmentPlan, context: StepContext) async throws -> [Check] {
        let aws = try context.requireAWS()
        var checks: [Check] = []
        for step in plan.steps {
            guard let desired = step.plan.desired else { continue }
            switch step.kind {
            case ProvisionTablesStep.kind:
                let states = Array(try desired.decoded(as: [String: TableState].self).values)
                checks += try await TableSmokeCheck(client: try aws.dynamoDB(for: environment), region: environment.region, runID: context.runID)
                    .run(states)
            case ProvisionTemplateBucketStep.kind:
                let spec = try desired.decoded(as: BucketSpec.self)
                let failures = try await DeploymentVerifier(client: try aws.s3(for: environment)).verifyBucket(spec)
                checks.append(Check(name: "bucket \(spec.name)", failure: failures.isEmpty ? nil : failures.map(\.description).joined(separator: "; ")))
            case PublishTemplatesStep.kind:
                checks += try await objectChecks(desired, environment: environment, plan: plan, context: context)
            default:
                continue
            }
        }
        return checks
    }

    func objectChecks(_ desired: JSONValue, environment: EnvironmentDefinition, plan: EnvironmentPlan, context: StepContext) async throws -> [Check] {
        guard let fields = desired.objectValue, let bucket = fields["bucket"]?.stringValue, let root = fields["root"]?.stringValue else { return [] }
        let s3 = try context.requireAWS().s3(for: environment)
        let verifier = DeploymentVerifier(client: s3)
        let files = try PublishTemplatesStep.files(under: root, in: context, revision: plan.commit)
        var checks: [Check] = []
        let objectFailures = try await verifier.verifyObjects(files: files, bucket: bucket)
        checks.append(Check(name: "\(files.count) objects in \(bucket)",
                            failure: objectFailures.isEmpty ? nil : objectFailures.map(\.description).joined(separator: "; ")))
        if let allowed = environment.settings["allowedLinkHosts"]?.arrayValue?.compactMap(\.stringValue), !allowed.isEmpty {
            // Renders each template once, for both checks.
            checks += try await RenderedTemplateCheck(client: s3, bucket: bucket, allowed: allowed).run()
        } else {
            let renderFailures = try await verifier.verifyRendering(bucket: bucket)
            checks.append(Check(name: "rendering in \(bucket)", failure: renderFailures.isEmpty ? nil : renderFailures.map(\.description).joined(separator: "; ")))
        }
        return checks
    }
}

/// A smoke test found what was deployed differs from what was planned.
struct SmokeTestFailure: Error, CustomStringConvertible {
    var failures: [String]
    var description: String {
        "smoke test failed: \(failures.prefix(3).joined(separator: "; "))\(failures.count > 3 ? "; and \(failures.count - 3) more" : "")"
    }
}
