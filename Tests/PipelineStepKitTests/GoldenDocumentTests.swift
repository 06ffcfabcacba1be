import Foundation
import PipelineStepKit
import TestTiers
import Testing

/// The golden documents of Tests/Fixtures/step-protocol, decoded into StepKit's types and
/// compared (as parsed JSON) with what StepKit encodes.
@Suite(.fast) struct GoldenDocumentTests {
    @Test func planRequestDecodes() throws {
        let request = try JSONDecoder().decode(StepRequest.self, from: Fixture.data("step-protocol/v2/plan-request.json"))
        #expect(request.protocol == 2)
        #expect(request.verb == "plan")
        #expect(request.module == "cost-estimate")
        #expect(request.run.id == "20261125-131500-a1b2")
        #expect(request.run.pipeline == "bbws-infrastructure")
        #expect(request.run.stage == "dev")
        #expect(request.run.step == "cost-estimate")
        #expect(request.run.commit == "0123456789abcdef0123456789abcdef01234567")
        #expect(request.run.workspace == "/repo")
        let environment = try #require(request.environment)
        #expect(environment.name == "dev")
        #expect(environment.account == "536580886816")
        #expect(environment.region == "af-south-1")
        #expect(environment.role == "arn:aws:iam::536580886816:role/bbws-deploy-dev")
        #expect(environment.tags == ["Environment": "dev"])
        #expect(environment.settings["backupRetentionDays"]?.int == 7)
        #expect(environment.disasterRecovery == nil)
        #expect(request.parameters == ["currency": "USD", "readsPerMonth": 1_000_000])
        let plan = try #require(request.plan)
        #expect(plan.environment == "dev")
        #expect(plan.hash == nil)
        #expect(plan.steps.count == 1)
        let step = try #require(plan.step(named: "provision-tables"))
        #expect(step.kind == "provision-tables")
        #expect(step.changes == [StepChange(action: .create, type: "dynamodb.table", resource: "tenants", detail: "3 indexes")])
        #expect(step.desired?["tenants"]?["billingMode"]?.string == "PAY_PER_REQUEST")
        #expect(step.notes.isEmpty)
        #expect(request.rollbackTarget == nil)
    }

    @Test func rollbackRequestDecodes() throws {
        let request = try JSONDecoder().decode(StepRequest.self, from: Fixture.data("step-protocol/v2/rollback-request.json"))
        #expect(request.verb == "rollback")
        #expect(request.module == "notify")
        #expect(request.rollbackTarget == "fedcba9876543210fedcba9876543210fedcba98")
        #expect(request.environment?.disasterRecovery?.replicaRegions == ["eu-west-1"])
        #expect(request.environment?.settings["allowedLinkHosts"] == ["portal.bbws.example"])
        #expect(request.plan?.hash == "9f2c1e0d4b3a59687766554433221100ffeeddccbbaa99887766554433221100")
        let step = try #require(request.plan?.steps.first)
        #expect(step.kind == "external")
        #expect(step.desired == nil)
        #expect(step.changes.first?.action == .run)
        #expect(step.changes.first?.type == "step")
    }

    @Test func describeRequestDecodes() throws {
        let request = try JSONDecoder().decode(DescribeRequest.self, from: Fixture.data("step-protocol/v2/describe-request.json"))
        #expect(request == DescribeRequest(protocol: 2, runner: .init(name: "pipeline", version: "0.1.0", protocols: [1, 2])))
    }

    @Test func version1RequestDecodes() throws {
        let request = try JSONDecoder().decode(StepRequest.self, from: Fixture.data("step-protocol/v1/request.json"))
        #expect(request.protocol == 1)
        #expect(request.verb == "apply")
        #expect(request.module == nil)
        #expect(request.run.pipeline == nil)
        #expect(request.run.step == "notify")
        #expect(request.environment?.role == "bbws-deploy-dev")
        #expect(request.environment?.settings["backupRetentionDays"]?.int == 7)
        #expect(request.plan == nil)
        #expect(request.parameters["channel"]?.string == "#deploys")
    }

    @Test(arguments: ["v1/request.json", "v2/plan-request.json", "v2/rollback-request.json"])
    func requestsEncodeAsTheGoldenOnes(_ name: String) throws {
        let golden = try Fixture.json("step-protocol/" + name)
        let request = try golden.decode(StepRequest.self)
        #expect(try StepValue(encoding: request) == golden)
    }

    @Test func describeAnswerIsTheGoldenOne() async throws {
        let golden = try Fixture.json("step-protocol/v2/describe-result.json")
        #expect(GoldenModule.module.description.document == golden)
        let outcome = await StepHarness(GoldenModule.module).run(arguments: ["describe"], input: try Fixture.data("step-protocol/v2/describe-request.json"))
        #expect(outcome.status == 0)
        #expect(outcome.document == golden)
    }

    @Test func planResultIsTheGoldenOne() async throws {
        let golden = try Fixture.json("step-protocol/v2/result.json")
        let outcome = await StepHarness(GoldenModule.module).run(.plan, json: try Fixture.text("step-protocol/v2/plan-request.json"))
        #expect(outcome.status == 0)
        #expect(outcome.document == golden)
    }

    @Test func goldenResultReadsBack() throws {
        let result = try StepResult(document: Fixture.json("step-protocol/v2/result.json"))
        #expect(result.message == "dev: about $61/month")
        #expect(result.changes == [StepChange(action: .noChange, type: "estimate", resource: "monthly cost", detail: "about $61 a month")])
        #expect(result.notes == ["assumes 1000000 reads a month per table"])
        #expect(result.desired == ["monthlyUSD": 61])
        #expect(result.snapshot == .null)
        #expect(result.summary == ["dev: about $61/month"])
        #expect(result.document(protocol: 2) == (try Fixture.json("step-protocol/v2/result.json")))
    }

    @Test func version1ResultIsTheGoldenOne() throws {
        let result = StepResult(message: "notified #deploys", changes: [.init(action: "run", resource: "#deploys", detail: "post a deployment notice")])
        #expect(result.document(protocol: 1) == (try Fixture.json("step-protocol/v1/result.json")))
    }
}
