import Foundation
import PipelineDescription
import PipelineModel
import Testing

/// Every DSL type survives a Codable round trip, and the DSL's own JSON writer produces what
/// the engine's model decodes.
struct DSLCodableTests {
    let team = Approvers(["lead@bbws.example": ["Lead Developer", "Tech Lead"], "qa@bbws.example": ["QA Lead"]])
    let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev",
                          gate: .approvals(["Lead Developer"]), tags: ["Environment": "dev", "Project": "bbws"],
                          settings: ["backupRetentionDays": 7, "pitr": true, "nested": ["a": [1, 2.5, "x", nil]]],
                          disasterRecovery: .replicate(to: "eu-west-1"))

    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
        let data = try JSONEncoder().encode(value)
        return try JSONDecoder().decode(T.self, from: data)
    }

    @Test func valuesRoundTrip() throws {
        let values: [Value] = ["text", 42, 2.5, true, false, nil, [1, "two", [3]], ["k": ["nested": 1]]]
        for value in values { #expect(try roundTrip(value) == value) }
    }

    @Test func everyTypeRoundTrips() throws {
        #expect(try roundTrip(team) == team)
        #expect(try roundTrip(dev) == dev)
        #expect(try roundTrip(Gate.approvals(["Tech Lead", "QA Lead"], preventSelfApproval: true)) == .approvals(["Tech Lead", "QA Lead"], preventSelfApproval: true))
        #expect(try roundTrip(Gate.approvals(count: 2, from: ["A", "B", "C"])) == .approvals(count: 2, from: ["A", "B", "C"]))
        #expect(try roundTrip(DisasterRecovery.replicate(to: "eu-west-1")) == .replicate(to: "eu-west-1"))
        #expect(try roundTrip(PipelineDescription.SourceLocation(file: "p.swift", line: 3)) == PipelineDescription.SourceLocation(file: "p.swift", line: 3))
        for condition: Condition in [.changed(["schemas/**"]), .branch("main"), .environment("CI", equals: "true"),
                                     .all([.branch("main"), .changed(["a"])])] {
            #expect(try roundTrip(condition) == condition)
        }
        let shell = Shell("make deploy", env: ["A": "1"], workingDirectory: "infra", timeout: .seconds(90), rollback: "make undo").step
        for rollback: Rollback in [.none, .eachStep, .previousDeployment, .steps([shell])] {
            #expect(try roundTrip(rollback) == rollback)
        }
        let steps: [Step] = [
            shell, Custom("notify", executable: "steps/notify", with: ["channel": "#deploys"]).step,
            ValidateTableDefinitions("schemas/dynamodb/*.json").step, ValidateTemplates("templates/", manifest: "templates/manifest.json").step,
            Plan(dev).step, ProvisionTables("schemas/dynamodb/*.json").step, ProvisionTemplateBucket("bbws-templates-dev").step,
            PublishTemplates("templates/", to: "bbws-templates-dev").step, SmokeTest(.all).step,
            Shell("x").when(.branch("main")).timeout(.milliseconds(1500)).named("renamed").continueOnError(),
        ]
        for step in steps { #expect(try roundTrip(step) == step) }
        let stage = Deploy(dev, after: "plan", rollback: .previousDeployment) { ProvisionTables("a/*.json") }
        #expect(try roundTrip(stage) == stage)
        let pipeline = Pipeline("p", approvers: team, secrets: ["TOKEN"]) { stage }
        #expect(try roundTrip(pipeline) == pipeline)
        #expect(try roundTrip(PipelineDocument(pipeline: pipeline)) == PipelineDocument(pipeline: pipeline))
    }

    @Test func modifiersAndDefaults() {
        let step = Shell("echo hi").timeout(.milliseconds(1500)).named("greet").when(.branch("main"))
        #expect(step.timeoutSeconds == 1.5)
        #expect(step.name == "greet")
        #expect(step.kind == "shell")
        #expect(step.condition == .branch("main"))
        let stage = Deploy(dev, after: "plan") { Shell("x") }
        #expect(stage.name == "dev")
        #expect(stage.gate == dev.gate)
        #expect(stage.rollback == .eachStep)
        #expect(stage.dependsOn == ["plan"])
        #expect(dev.roleARN == "arn:aws:iam::536580886816:role/bbws-deploy-dev")
        #expect(Gate.approvals(["A", "B"]).minimumApprovers == 2)
        #expect(Gate.approvals(count: 2, from: ["A", "B", "C"]).requiredRoles.isEmpty)
    }

    @Test func builderHandlesLoopsAndConditionals() {
        let production = false
        let pipeline = Pipeline("p") {
            Stage("a") {
                for index in 1...3 { Shell("echo \(index)") }
                if production { Shell("never") } else { Shell("local only") }
            }
            for name in ["b", "c"] { Stage(name, after: "a") { Shell("echo \(name)") } }
        }
        #expect(pipeline.stages.map(\.name) == ["a", "b", "c"])
        #expect(pipeline.stages[0].steps.map(\.name) == ["echo 1", "echo 2", "echo 3", "local only"])
    }

    /// The DSL's Foundation-free writer and the engine's decoder agree on the document format.
    @Test func documentDecodesIntoTheEngineModel() throws {
        let pipeline = Pipeline("bbws", approvers: team, secrets: ["SLACK_TOKEN"]) {
            Stage("validation") { Shell("echo ok", env: ["X": "1"]) }
            Stage("plan", after: "validation") { Plan(dev) }
            Deploy(dev, after: "plan", rollback: .run { Shell("./undo.sh") }) {
                Shell("./deploy.sh", timeout: .seconds(30)).when(.changed(["schemas/**"]))
            }
        }
        let text = JSONTextProbe.encode(PipelineDocument(pipeline: pipeline))
        let document = try PipelineModel.PipelineDocument.decode(Data(text.utf8))
        #expect(document.version == 1)
        #expect(document.pipeline.name == "bbws")
        #expect(document.pipeline.secrets == ["SLACK_TOKEN"])
        #expect(document.pipeline.environments.map(\.name) == ["dev"])
        let deploy = try #require(document.pipeline.stage(named: "dev"))
        #expect(deploy.gate?.requiredRoles == ["Lead Developer"])
        #expect(deploy.environment?.settings["nested"] == .object(["a": .array([.int(1), .double(2.5), .string("x"), .null])]))
        #expect(deploy.steps.first?.timeoutSeconds == 30)
        #expect(deploy.steps.first?.condition == .changed(["schemas/**"]))
        if case .steps(let steps) = deploy.rollback { #expect(steps.map(\.name) == ["./undo.sh"]) } else { Issue.record("rollback lost") }
        // Keys are sorted and output is stable.
        #expect(text == JSONTextProbe.encode(PipelineDocument(pipeline: pipeline)))
    }

    @Test func stateDecodesIntoTheEngineModelWithDefaults() throws {
        let shared = Pipeline("bbws", state: .dynamoDB(table: "bbws-pipeline-state", region: "af-south-1",
                                                       role: "arn:aws:iam::536580886816:role/pipeline-state")) {
            Stage("s") { Shell("true") }
        }
        let decoded = try PipelineModel.PipelineDocument.decode(Data(JSONTextProbe.encode(PipelineDocument(pipeline: shared)).utf8))
        let state = try #require(decoded.pipeline.state)
        #expect(state.kind == .dynamoDB)
        #expect(state.url == "dynamodb://bbws-pipeline-state?region=af-south-1&role=arn:aws:iam::536580886816:role/pipeline-state")
        #expect(state.location?.file.hasSuffix("DSLCodableTests.swift") == true)
        #expect(try roundTrip(shared.state) == shared.state)
        // A pipeline that says nothing, or says local, keeps the embedded default.
        let plain = Pipeline("bbws") { Stage("s") { Shell("true") } }
        #expect(try PipelineModel.PipelineDocument.decode(Data(JSONTextProbe.encode(PipelineDocument(pipeline: plain)).utf8)).pipeline.state == nil)
        let local = Pipeline("bbws", state: .local()) { Stage("s") { Shell("true") } }
        let localState = try PipelineModel.PipelineDocument.decode(Data(JSONTextProbe.encode(PipelineDocument(pipeline: local)).utf8)).pipeline.state
        #expect(localState?.kind == .local)
        #expect(localState?.url == nil)
    }

    @Test func stringsAreEscaped() throws {
        let pipeline = Pipeline("quote\"back\\slash\nnew\u{1}ctl 日本") { Stage("s") { Shell("echo \"hi\"") } }
        let text = JSONTextProbe.encode(PipelineDocument(pipeline: pipeline))
        let document = try PipelineModel.PipelineDocument.decode(Data(text.utf8))
        #expect(document.pipeline.name == "quote\"back\\slash\nnew\u{1}ctl 日本")
    }
}
