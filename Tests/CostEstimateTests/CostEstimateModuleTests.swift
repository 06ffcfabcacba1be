import CostEstimate
import Foundation
import PipelineStepKit
import ProcessKit
import TestTiers
import Testing

@Suite(.integration) struct CostEstimateModuleTests {
    let harness = StepHarness(CostEstimate.module)

    @Test func planAnswersOneEstimateChangeWithNotesAndSummary() async throws {
        let outcome = await harness.run(.plan, request: try SamplePlans.request("plan", "dev"))
        #expect(outcome.succeeded, "\(outcome.log)")
        let result = try #require(outcome.result)
        #expect(result.changes == [StepChange(action: .noChange, type: "estimate", resource: "monthly cost", detail: "about $65 a month")])
        #expect(result.message == "dev: about $65/month")
        #expect(result.notes?.contains("assumes one full backup of each table a day, kept 7 days (environment setting backupRetentionDays)") == true)
        #expect(result.notes?.first == "monthly cost: about $65, as itemized below")
        #expect(result.summary == nil, "the run summary gets the estimate when the environment is deployed, not when it is planned")
        #expect(result.desired == nil)
        #expect(outcome.log == ["dev: about $65/month from 4 planned steps"])
    }

    @Test func applyRecomputesFromTheSavedPlan() async throws {
        let outcome = await harness.run(.apply, request: try SamplePlans.request("apply", "prod"))
        #expect(outcome.succeeded)
        #expect(outcome.message == "prod: about $850–2,100/month (low to high traffic)")
        #expect(outcome.result?.changes == nil)
        #expect(outcome.result?.summary?.first == "| prod monthly cost (estimate) | low–high traffic |")
        #expect(outcome.result?.summary?.contains("| **total** | **about $850–2,100** |") == true)
        #expect(outcome.result?.summary?.last?.contains("as of \(PriceList.asOf)") == true)
    }

    @Test func theGoldenPlanRequestIsEstimated() async throws {
        // Its one table is given by name only (kind provision-tables): priced with the defaults.
        let outcome = await harness.run(.plan, json: String(decoding: try SamplePlans.fixture("step-protocol/v2/plan-request.json"), as: UTF8.self))
        #expect(outcome.succeeded)
        #expect(outcome.message?.hasPrefix("dev: about $") == true)
        #expect(outcome.result?.notes?.contains { $0.hasPrefix("dynamodb.table tenants (on-demand, 0 indexes") } == true)
        #expect(outcome.result?.notes?.contains { $0.contains("1M reads") } == true)
    }

    @Test func describeStatesWhatItSupports() async {
        let outcome = await harness.describe()
        #expect(outcome.document?["supports"] == ["plan": true, "verify": false, "rollback": false])
        #expect(outcome.document?["requiresEnvironment"] == true)
        #expect(outcome.document?["parameters"]?["properties"]?["currency"] == ["type": "string", "description": "ISO currency code of the estimate", "enum": ["USD"]])
        #expect(outcome.document?["parameters"]?["properties"]?["prices"]?["properties"]?["pitrPerGB"]?["type"] == "number")
    }

    @Test func anotherCurrencyIsRefusedNamingTheParameter() async throws {
        let outcome = await harness.run(.plan, request: try SamplePlans.request("plan", "dev", parameters: ["currency": "EUR"]))
        #expect(outcome.status == 1)
        #expect(outcome.message == "step \"cost-estimate\" (cost-estimate): parameter \"currency\": only \"USD\" is supported (the prices are AWS's USD list prices), not \"EUR\"")
    }

    @Test func anUnknownPriceIsRefused() async throws {
        let outcome = await harness.run(.plan, request: try SamplePlans.request("plan", "dev", parameters: ["prices": ["lambdaPerMillion": 0.2]]))
        #expect(outcome.status == 1)
        #expect(outcome.message?.contains("parameter \"prices\": \"lambdaPerMillion\" is not a price this step uses") == true)
    }

    @Test func withoutAPlanTheStepSaysWhereItBelongs() async throws {
        var request = try SamplePlans.request("apply", "dev")
        request.plan = nil
        let outcome = await harness.run(.apply, request: request)
        #expect(outcome.status == 1)
        #expect(outcome.message == "the request has no plan for dev: put cost-estimate in the Deploy stage, after the steps that provision")
    }

    @Test func theBuiltExecutableEstimatesThroughPlanAndApply() async throws {
        let directory = ProcessInfo.processInfo.environment["PIPELINE_BUILD_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? SamplePlans.packageRoot.appendingPathComponent(".build/debug").path
        let path = directory + "/pipeline-step-cost-estimate"
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(path) is missing: run `swift build --product pipeline-step-cost-estimate` first")
        for (verb, environment, expected) in [("plan", "sit", "sit: about $130/month"), ("apply", "prod", "prod: about $850–2,100/month (low to high traffic)")] {
            var process = ChildProcess(executable: path, arguments: [verb], workingDirectory: SamplePlans.packageRoot.path, timeout: .seconds(30))
            process.captureDescriptor3 = true
            process.input = try StepValue(encoding: SamplePlans.request(verb, environment)).jsonData()
            let result = try await process.run()
            #expect(result.status == .exited(0), "\(String(decoding: result.stderr, as: UTF8.self))")
            let document = try StepValue(json: result.channel)
            #expect(document["protocol"] == 2)
            #expect(document["message"]?.string == expected)
            #expect((document["summary"]?.array?.isEmpty == false) == (verb == "apply"))
            #expect((document["changes"] != nil) == (verb == "plan"))
            #expect(String(decoding: result.stderr, as: UTF8.self).contains(expected))
        }
    }
}
