import Foundation
import PipelineStepKit
import ProcessKit
import TestTiers
import Testing

/// Built module executables run as real processes: request on stdin, result on descriptor 3,
/// log on stderr, exit status. Needs `swift build` first (the tests name what is missing).
@Suite(.integration) struct ModuleProcessTests {
    /// The golden plan request with `verb` in place, as bytes.
    static func request(_ verb: String, protocol version: Int = 2) throws -> Data {
        guard case .object(var fields) = try Fixture.json("step-protocol/v2/plan-request.json") else { return Data() }
        fields["verb"] = .string(verb)
        fields["protocol"] = .number(Double(version))
        return try StepValue.object(fields).jsonData()
    }

    @Test func costEstimateAnswersEveryVerb() async throws {
        let module = try ModuleExecutable("pipeline-step-cost-estimate")

        let describe = try await module.run(["describe"], input: Fixture.data("step-protocol/v2/describe-request.json"))
        #expect(describe.status == .exited(0))
        #expect(describe.document?["handshake"] == "pipeline-step")
        #expect(describe.document?["protocol"] == 2)
        #expect(describe.document?["name"] == "cost-estimate")
        #expect(describe.document?["supports"] == ["plan": true, "verify": false, "rollback": false])
        #expect(describe.document?["requiresEnvironment"] == true)
        #expect(describe.document?["parameters"]?["additionalProperties"] == false)

        let plan = try await module.run(["plan"], input: Self.request("plan"))
        #expect(plan.status == .exited(0), "stderr: \(plan.stderr)")
        let planned = try StepResult(document: #require(plan.document))
        #expect(planned.changes?.count == 1)
        #expect(planned.changes?.first?.action == .noChange)
        #expect(planned.changes?.first?.type == "estimate")
        #expect(planned.message?.hasPrefix("dev: about $") == true)
        #expect(planned.notes?.contains { $0.contains("1M reads") } == true)
        #expect(plan.stderr.contains("dev: about $"))

        let apply = try await module.run(["apply"], input: Self.request("apply"))
        #expect(apply.status == .exited(0), "stderr: \(apply.stderr)")
        #expect(apply.document?["message"] == planned.message.map(StepValue.string))
        #expect(apply.document?["summary"]?.array?.contains { $0.string?.contains("**total**") == true } == true)
        #expect(apply.document?["changes"] == nil)

        let verify = try await module.run(["verify"], input: Self.request("verify"))
        #expect(verify.status == .exited(0))
        #expect(verify.document == ["protocol": 2])

        let rollback = try await module.run(["rollback"], input: Self.request("rollback"))
        #expect(rollback.status == .exited(0))
        #expect(rollback.document?["message"] == "cost-estimate has nothing to roll back")
    }

    @Test func anUnknownProtocolExits64WithAMessage() async throws {
        let module = try ModuleExecutable("pipeline-step-cost-estimate")
        let run = try await module.run(["plan"], input: Self.request("plan", protocol: 3))
        #expect(run.status == .exited(64))
        #expect(run.document?["message"]?.string?.contains("speaks step protocol 1 and 2, not 3") == true)
        #expect(run.stderr.contains("not 3"))
    }

    @Test func describeByHandPrintsOnStandardOutput() async throws {
        let module = try ModuleExecutable("pipeline-step-cost-estimate")
        let run = try await module.run(["describe"], input: nil, descriptor3: false)
        #expect(run.status == .exited(0))
        #expect(try StepValue(json: run.stdout)["handshake"] == "pipeline-step")
    }

    @Test func aBadParameterFailsTheStepNamingIt() async throws {
        let module = try ModuleExecutable("pipeline-step-cost-estimate")
        guard case .object(var fields) = try Fixture.json("step-protocol/v2/plan-request.json") else { return }
        fields["parameters"] = ["readsPerMonth": "lots"]
        let run = try await module.run(["plan"], input: StepValue.object(fields).jsonData())
        #expect(run.status == .exited(1))
        #expect(run.document?["message"]?.string?.contains("parameter \"readsPerMonth\": expected an integer, found the string \"lots\"") == true)
    }

    @Test func notifyPostsAndRollsBackThroughARealProcess() async throws {
        let module = try ModuleExecutable("pipeline-step-notify")
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("stepkit-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }
        for (name, verb) in [("v2/rollback-request.json", "rollback"), ("v1/request.json", "apply")] {
            guard case .object(var fields) = try Fixture.json("step-protocol/" + name), case .object(var run) = fields["run"] else { return }
            run["workspace"] = .string(workspace.path)
            fields["run"] = .object(run)
            let result = try await module.run([verb], input: StepValue.object(fields).jsonData())
            #expect(result.status == .exited(0), "stderr: \(result.stderr)")
        }
        let lines = try String(contentsOf: workspace.appendingPathComponent(".pipeline/notifications.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try StepValue(json: String($0)) }
        #expect(lines.map { $0["text"]?.string } == ["rolled back prod to fedcba987654", "deploying 0123456789ab to dev"])
        #expect(lines.allSatisfy { $0["channel"] == "#deploys" })
    }
}
