import Foundation
import PipelineStepKit
import TestTiers
import Testing

@Suite(.fast) struct StepHarnessTests {
    static let environment = StepRequest.Environment(name: "dev", account: "536580886816", region: "af-south-1", role: "deploy-dev",
                                                     settings: ["backupRetentionDays": 7])

    static let logging = StepModule(name: "logging", version: "0.1.0", summary: "logs and registers a secret") { call in
        call.secret("s3cr3t-token")
        call.log("calling with s3cr3t-token\nsecond line")
        StepKit.log("through StepKit.log")
        return StepResult(message: "done", summary: ["| dev | done |"])
    }

    @Test func capturesLogLinesAndSecrets() async {
        let outcome = await StepHarness(Self.logging).run(.apply, environment: Self.environment)
        #expect(outcome.succeeded)
        #expect(outcome.message == "done")
        #expect(outcome.result?.summary == ["| dev | done |"])
        #expect(outcome.log == ["calling with s3cr3t-token", "second line", "through StepKit.log"])
        #expect(outcome.secrets == ["s3cr3t-token"])
        #expect(outcome.linesShowingSecrets == ["calling with s3cr3t-token"])
    }

    @Test func aThrowingHandlerFailsTheStepWithItsMessage() async {
        let module = StepModule(name: "failing", version: "1", summary: "fails") { _ in throw StepFailure("the webhook answered 500") }
        let outcome = await StepHarness(module).run(.apply)
        #expect(outcome.status == 1)
        #expect(outcome.message == "the webhook answered 500")
        #expect(outcome.log == ["the webhook answered 500"])
        #expect(outcome.document?["protocol"]?.int == 2)
    }

    @Test func supportsFollowTheHandlersGiven() {
        let applyOnly = StepModule(name: "a", version: "1", summary: "s") { _ in StepResult() }
        #expect(applyOnly.supports == StepSupports(plan: false, verify: false, rollback: false))
        let planAndRollback = applyOnly.plan { _ in StepResult() }.rollback { _ in StepResult() }
        #expect(planAndRollback.supports == StepSupports(plan: true, verify: false, rollback: true))
        let stated = StepModule(name: "b", version: "1", summary: "s", supports: .init(plan: false, verify: true, rollback: false)) { _ in StepResult() }
        #expect(stated.supports == StepSupports(plan: false, verify: true, rollback: false))
        #expect(stated.description.document["supports"] == ["plan": false, "verify": true, "rollback": false])
    }

    @Test func verbsWithoutAHandlerAnswerTheProtocolDefaults() async {
        let module = StepModule(name: "plain", version: "1", summary: "s") { _ in StepResult(message: "applied") }
        let harness = StepHarness(module)
        let plan = await harness.run(.plan)
        #expect(plan.result?.changes == [StepChange(action: .run, type: "step", resource: "plain")])
        let verify = await harness.run(.verify)
        #expect(verify.succeeded)
        #expect(verify.document == ["protocol": 2])
        let rollback = await harness.run(.rollback)
        #expect(rollback.message == "plain has nothing to roll back")
    }

    @Test func anUnknownProtocolVersionIsRefusedWith64() async {
        let outcome = await StepHarness(Self.logging).run(.apply, parameters: [String: StepValue](), protocol: 3)
        #expect(outcome.status == 64)
        #expect(outcome.message?.contains("speaks step protocol 1 and 2, not 3") == true)
    }

    @Test func malformedCallsAreRefusedWith64() async {
        let harness = StepHarness(Self.logging)
        let noVerb = await harness.run(arguments: [], input: Data())
        #expect(noVerb.status == 64)
        #expect(noVerb.message?.hasPrefix("usage: pipeline-step-logging describe|plan|apply|verify|rollback") == true)
        let notJSON = await harness.run(.apply, json: "{not json")
        #expect(notJSON.status == 64)
        #expect(notJSON.message?.contains("not JSON") == true)
        let missingRun = await harness.run(.apply, json: #"{"protocol": 2, "verb": "apply", "parameters": {}}"#)
        #expect(missingRun.status == 64)
        #expect(missingRun.message?.contains("request \"run\" is required but missing") == true)
        let otherVerb = await harness.run(arguments: ["plan"], input: Data(#"{"protocol": 2, "verb": "apply", "run": {"id": "r", "stage": "s", "step": "x", "workspace": "/"}}"#.utf8))
        #expect(otherVerb.status == 64)
        #expect(otherVerb.message == "the request is for verb \"apply\" but the module was started with \"plan\"")
    }

    @Test func aModuleThatActsOnAnEnvironmentFailsWithoutOne() async {
        let module = StepModule(name: "env", version: "1", summary: "s", requiresEnvironment: true) { _ in StepResult(message: "ran") }
        let outcome = await StepHarness(module).run(.apply)
        #expect(outcome.status == 1)
        #expect(outcome.message?.contains("put step \"env\" in a Deploy stage") == true)
        let withEnvironment = await StepHarness(module).run(.apply, environment: Self.environment)
        #expect(withEnvironment.message == "ran")
    }

    @Test func theCallCarriesTheRequestsParts() async throws {
        let plan = EnvironmentPlan(environment: "dev", hash: "abc", steps: [.init(name: "provision-tables", kind: "provision-tables", desired: ["t": [:]])])
        let module = StepModule(name: "echo", version: "1", summary: "s") { call in
            StepResult(message: "\(call.verb.rawValue) \(call.environment?.name ?? "-") \(call.plan?.hash ?? "-") \(call.rollbackTarget ?? "-") \(call.protocolVersion)")
        }
        let outcome = await StepHarness(module).run(.apply, environment: Self.environment, plan: plan, rollbackTarget: "fedcba")
        #expect(outcome.message == "apply dev abc fedcba 2")
    }

    @Test func aResultOverOneMebibyteFailsTheStep() async {
        let module = StepModule(name: "big", version: "1", summary: "s") { _ in StepResult(summary: [String(repeating: "x", count: 1 << 20)]) }
        let outcome = await StepHarness(module).run(.apply)
        #expect(outcome.status == 1)
        #expect(outcome.message?.contains("more than the 1 MiB the runner reads") == true)
    }
}
