import Foundation
import PipelineEngine
import PipelineModel
import PipelineTesting
import TestTiers
import Testing
@testable import BuiltinSteps

/// The runner's side of the step protocol's wire format, against the golden documents that
/// PipelineStepKit's tests read too (`Tests/Fixtures/step-protocol/`): what the runner writes is
/// exactly what they hold, and what they hold is what the runner reads.
@Suite(.fast) struct StepProtocolGoldenTests {
    static let folder = PipelineBuild.packageRoot.appendingPathComponent("Tests/Fixtures/step-protocol")

    static func golden(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// Parsed JSON, compared as values (key order and spacing are not the format).
    static func same(_ encoded: Data, as name: String) throws -> Bool {
        let ours = try JSONSerialization.jsonObject(with: encoded, options: [.fragmentsAllowed]) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: try golden(name)) as? NSDictionary
        return ours != nil && ours == theirs
    }

    let location = SourceLocation(file: "pipelines/deploy.swift", line: 30)

    func context(stage: String, step: StepDefinition, environment: EnvironmentDefinition?, planSteps: [EnvironmentPlan.Step],
                 planHash: String?, rollbackTarget: String? = nil) -> StepContext {
        var context = StepContext(runID: "20261125-131500-a1b2", stage: stage, step: step, environment: environment,
                                  workspace: URL(fileURLWithPath: "/repo"), commit: "0123456789abcdef0123456789abcdef01234567",
                                  rollbackTarget: rollbackTarget, variables: ["PIPELINE_NAME": "bbws-infrastructure"]) { _ in }
        context.planSteps = planSteps
        context.planHash = planHash
        return context
    }

    @Test func thePlanRequestIsTheGoldenOne() throws {
        let step = StepDefinition(kind: "external", name: "cost-estimate",
                                  parameters: ["module": "cost-estimate", "with": ["currency": "USD", "readsPerMonth": 1_000_000]],
                                  location: location)
        let dev = EnvironmentDefinition(name: "dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev",
                                        tags: ["Environment": "dev"], settings: ["backupRetentionDays": 7], location: location)
        let tables = EnvironmentPlan.Step(name: "provision-tables", kind: "provision-tables", plan: StepPlan(
            changes: [PlannedChange(action: .create, type: "dynamodb.table", resource: "tenants", detail: "3 indexes")],
            desired: ["tenants": ["billingMode": "PAY_PER_REQUEST"]]))
        let own = EnvironmentPlan.Step(name: "cost-estimate", kind: "external", plan: StepPlan(changes: []))
        // Planned again before apply, the module reads the same steps as when the plan was made.
        for steps in [[tables], [tables, own]] {
            let request = try ExternalStep(step: step).request("plan", context: context(stage: "dev", step: step, environment: dev,
                                                                                       planSteps: steps, planHash: "ignored"))
            #expect(try Self.same(StepProtocol.encoder.encode(request), as: "v2/plan-request.json"))
        }
    }

    @Test func theRollbackRequestIsTheGoldenOne() throws {
        let step = StepDefinition(kind: "external", name: "notify", parameters: ["module": "notify", "with": ["channel": "#deploys"]],
                                  location: location)
        let prod = EnvironmentDefinition(
            name: "prod", account: "093646564004", region: "af-south-1", role: "bbws-deploy-prod", tags: ["Environment": "prod"],
            settings: ["allowedLinkHosts": ["portal.bbws.example"]], disasterRecovery: .init(replicaRegions: ["eu-west-1"]),
            location: location)
        let notify = EnvironmentPlan.Step(name: "notify", kind: "external", plan: StepPlan(
            changes: [PlannedChange(action: .run, resource: "#deploys", detail: "post a deployment notice")]))
        let request = try ExternalStep(step: step).request("rollback", context: context(
            stage: "prod", step: step, environment: prod, planSteps: [notify],
            planHash: "9f2c1e0d4b3a59687766554433221100ffeeddccbbaa99887766554433221100",
            rollbackTarget: "fedcba9876543210fedcba9876543210fedcba98"))
        #expect(try Self.same(StepProtocol.encoder.encode(request), as: "v2/rollback-request.json"))
    }

    @Test func theDescribeRequestIsTheGoldenOneAndTheAnswerReads() throws {
        #expect(try Self.same(StepProtocol.encoder.encode(StepProtocol.DescribeRequest(runnerVersion: "0.1.0")), as: "v2/describe-request.json"))
        let description = try JSONDecoder().decode(StepProtocol.Description.self, from: Self.golden("v2/describe-result.json"))
        #expect(description.handshake == "pipeline-step")
        #expect(description.protocol == 2)
        #expect(description.name == "cost-estimate")
        #expect(description.version == "1.0.0")
        #expect(description.supported == .init(plan: true, verify: false, rollback: false))
        #expect(description.requiresEnvironment == true)
        guard case .object(let schema)? = description.parameters, case .object(let properties)? = schema["properties"] else {
            Issue.record("no parameter schema")
            return
        }
        #expect(Set(properties.keys) == ["currency", "readsPerMonth"])
        #expect(try Self.same(StepProtocol.encoder.encode(description), as: "v2/describe-result.json"))
    }

    @Test func theResultReadsIntoAPlan() throws {
        let result = try JSONDecoder().decode(StepProtocol.Result.self, from: Self.golden("v2/result.json"))
        #expect(result.protocol == 2)
        #expect(result.message == "dev: about $61/month")
        #expect(result.notes == ["assumes 1000000 reads a month per table"])
        #expect(result.summary == ["dev: about $61/month"])
        #expect(result.desired == ["monthlyUSD": 61])
        #expect(result.snapshot == nil)
        let changes = try #require(try result.plannedChanges(module: "cost-estimate"))
        #expect(changes == [PlannedChange(action: .noChange, type: "estimate", resource: "monthly cost", detail: "about $61 a month")])
    }

    @Test func anUnknownActionIsNamed() throws {
        let result = StepProtocol.Result(protocol: 2, changes: [.init(action: "explode", type: nil, resource: "x", detail: nil)])
        #expect(throws: ExternalStepError.self) { try result.plannedChanges(module: "m") }
        do { _ = try result.plannedChanges(module: "m") } catch {
            #expect("\(error)".contains("action 'explode'; use one of create, update"))
        }
    }

    @Test func version1RequestsAndResultsKeepTheirShape() throws {
        let step = StepDefinition(kind: "external", name: "notify", parameters: ["module": "notify", "with": ["channel": "#deploys"]],
                                  location: location)
        let dev = EnvironmentDefinition(name: "dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev",
                                        tags: ["Environment": "dev"], settings: ["backupRetentionDays": 7], location: location)
        let request = try ExternalStep(step: step).request("apply", context: context(stage: "dev", step: step, environment: dev,
                                                                                    planSteps: [], planHash: nil))
        #expect(try Self.same(StepProtocol.encoder.encode(StepProtocol.Version1Request(request, environment: dev)), as: "v1/request.json"))
        let result = try JSONDecoder().decode(StepProtocol.Result.self, from: Self.golden("v1/result.json"))
        #expect(result.protocol == 1)
        #expect(try result.plannedChanges(module: "notify") == [PlannedChange(action: .run, resource: "#deploys", detail: "post a deployment notice")])
    }
}
