import Foundation
import PipelineStepKit
import TestTiers
import Testing

/// Modules run by an older runner (protocol 1), and the protocol 1 `StepHandler` API.
@Suite(.fast) struct Version1Tests {
    /// The protocol 1 API still compiles as it did.
    struct LegacyNotify: StepHandler {
        func apply(_ request: StepRequest) async throws -> StepResult {
            StepKit.log("posting to \(request.parameters["channel"]?.string ?? "")")
            return StepResult(message: "notified \(request.parameters["channel"]?.string ?? "")",
                              changes: [.init(action: "run", resource: "#deploys", detail: "post a deployment notice")])
        }
    }

    @Test func theVersion1APIStillWorks() async throws {
        let request = try JSONDecoder().decode(StepRequest.self, from: Fixture.data("step-protocol/v1/request.json"))
        let log = StepLog.capturing()
        let result = try await StepLog.$current.withValue(log) { try await LegacyNotify().apply(request) }
        #expect(result.document(protocol: 1) == (try Fixture.json("step-protocol/v1/result.json")))
        #expect(log.lines == ["posting to #deploys"])
        let plan = try await LegacyNotify().plan(request)
        #expect(plan.changes?.first?.action == .run)
    }

    static let module = StepModule(name: "notify", version: "2.0.0", summary: "posts") { call in
        StepResult(message: "notified \(call.request.parameters["channel"]?.string ?? "")",
                   changes: [StepChange(action: .run, type: "step", resource: "#deploys", detail: "post a deployment notice")],
                   notes: ["a note"], summary: ["a summary line"])
    }

    @Test func aVersion2ModuleAnswersAVersion1Request() async throws {
        let outcome = await StepHarness(Self.module).run(.apply, json: try Fixture.text("step-protocol/v1/request.json"))
        #expect(outcome.status == 0)
        // Protocol 1's result: only protocol, message and changes (without their type).
        #expect(outcome.document == (try Fixture.json("step-protocol/v1/result.json")))
        #expect(outcome.log == ["note: a note", "summary: a summary line"])
    }

    @Test func aVersion1RequestGetsTheDefaultsOfVerbsWithoutHandlers() async throws {
        var request = try Fixture.json("step-protocol/v1/request.json").decode(StepRequest.self)
        request.verb = "verify"
        let verify = await StepHarness(Self.module).run(.verify, request: request)
        #expect(verify.document == ["protocol": 1])
        request.verb = "plan"
        let plan = await StepHarness(Self.module).run(.plan, request: request)
        #expect(plan.document == ["protocol": 1, "changes": [["action": "run", "resource": "notify", "detail": ""]]])
    }
}
