import Foundation
@_spi(PipelineWire) import PipelineDescription
import PipelineBasics
import PipelineModel
import TestTiers
import Testing

/// The contract between the DSL and the runner: what the DSL's Foundation-free writer produces
/// is the wire format (`PipelineSerialization`) Foundation's decoder reads, and the engine's model
/// maps it to what the pipeline file declared.
@Suite(.fast) struct DSLCodableTests {
    let team = Approvers(["lead@bbws.example": ["Lead Developer", "Tech Lead"], "qa@bbws.example": ["QA Lead"]])
    let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev",
                          gate: .approvals(["Lead Developer"]), tags: ["Environment": "dev", "Project": "bbws"],
                          settings: ["backupRetentionDays": 7, "pitr": true, "nested": ["a": [1, 2.5, "x", nil]]],
                          disasterRecovery: .replicate(to: "eu-west-1"))

    /// Every JSON value survives the DSL's writer and Foundation's decoder, and maps to the model.
    @Test func valuesRoundTrip() throws {
        let values: [Value] = ["text", 42, 2.5, true, false, nil, [1, "two", [3]], ["k": ["nested": 1]]]
        for value in values {
            let wire = JSONTextProbe.value(value)
            #expect(try JSONTextProbe.roundTrip(wire) == wire)
        }
        let settings = try #require(try decode(Pipeline("p") { Deploy(dev) { Shell("x") } }).pipeline.stage(named: "dev")?.environment?.settings)
        #expect(settings["backupRetentionDays"] == .int(7))
        #expect(settings["pitr"] == .bool(true))
    }

    /// Every DSL type, written as the document, reads back as the same wire values and as the
    /// engine's model.
    @Test func everyTypeRoundTrips() throws {
        let shell = Shell("make deploy", env: ["A": "1"], workingDirectory: "infra", timeout: .seconds(90), rollback: "make undo").step
        let steps: [Step] = [
            shell, Custom("notify", executable: "steps/notify", with: ["channel": "#deploys"]).step,
            ValidateTableDefinitions("schemas/dynamodb/*.json").step, ValidateTemplates("templates/", manifest: "templates/manifest.json").step,
            Plan(dev).step, ProvisionTables("schemas/dynamodb/*.json").step, ProvisionTemplateBucket("bbws-templates-dev").step,
            PublishTemplates("templates/", to: "bbws-templates-dev").step, SmokeTest(.all).step,
            Shell("x").when(.branch("main")).timeout(.milliseconds(1500)).named("renamed").continueOnError(),
        ]
        let conditions: [Condition] = [.changed(["schemas/**"]), .branch("main"), .environment("CI", equals: "true"), .all([.branch("main"), .changed(["a"])])]
        let rollbacks: [Rollback] = [.none, .eachStep, .previousDeployment, .steps([shell])]
        let approvers = Approvers(team.members, keys: ["qa@bbws.example": ["ssh-ed25519 AAAA qa"]], allowedSigners: "approvers/allowed_signers",
                                  identityProviders: [.githubActions(repository: "bbws/infra", identities: ["bbws-lead": "lead@bbws.example"])])
        let pipeline = Pipeline("p", approvers: approvers, secrets: ["TOKEN"], state: .dynamoDB(table: "t-state", region: "af-south-1")) {
            Stage("all-steps", failFast: false) { steps }
            for (index, rollback) in rollbacks.enumerated() {
                Stage("rollback-\(index)", environment: dev, gate: .approvals(count: 2, from: ["QA Lead", "Tech Lead"]), rollback: rollback,
                      when: conditions[index]) { shell }
            }
        }
        let wire = JSONTextProbe.wire(pipeline)
        #expect(try JSONTextProbe.roundTrip(wire) == wire)
        let model = try decode(pipeline).pipeline
        #expect(model.approvers.keys == ["qa@bbws.example": ["ssh-ed25519 AAAA qa"]])
        #expect(model.approvers.allowedSigners == "approvers/allowed_signers")
        #expect(model.approvers.identityProviders.first?.identity(forClaim: "bbws-lead") == "lead@bbws.example")
        #expect(model.approvers.location?.file.hasSuffix("DSLCodableTests.swift") == true)
        #expect(model.state?.url == "dynamodb://t-state?region=af-south-1")
        let all = try #require(model.stage(named: "all-steps"))
        #expect(all.failFast == false)
        #expect(all.steps.map(\.kind) == steps.map(\.kind))
        #expect(all.steps.map(\.name) == steps.map(\.name))
        #expect(all.steps[0].parameters == ["command": "make deploy", "env": ["A": "1"], "workingDirectory": "infra", "rollback": "make undo"])
        #expect(all.steps[0].timeoutSeconds == 90)
        #expect(all.steps[1].parameters == ["module": "notify", "executable": "steps/notify", "with": ["channel": "#deploys"]])
        #expect(all.steps[4].environment?.name == "dev")
        #expect(all.steps[9].timeoutSeconds == 1.5 && all.steps[9].continueOnError && all.steps[9].condition == .branch("main"))
        #expect(all.steps.map(\.location.line).allSatisfy { $0 > 0 })
        let modelConditions: [ConditionDefinition] = [.changed(["schemas/**"]), .branch("main"), .environment("CI", equals: "true"),
                                                      .all([.branch("main"), .changed(["a"])])]
        for index in rollbacks.indices {
            let stage = try #require(model.stage(named: "rollback-\(index)"))
            #expect(stage.condition == modelConditions[index])
            #expect(stage.gate == GateDefinition(requiredRoles: [], roles: ["QA Lead", "Tech Lead"], minimumApprovers: 2))
            #expect(stage.environment?.disasterRecovery?.replicaRegions == ["eu-west-1"])
            #expect(stage.environment?.roleARN == dev.roleARN)
        }
        #expect(model.stage(named: "rollback-0")?.rollback == RollbackPolicy.none)
        #expect(model.stage(named: "rollback-1")?.rollback == .eachStep)
        #expect(model.stage(named: "rollback-2")?.rollback == .previousDeployment)
        if case .steps(let undo) = model.stage(named: "rollback-3")?.rollback {
            #expect(undo.map(\.name) == ["make deploy"])
        } else {
            Issue.record("rollback steps lost")
        }
    }

    /// An environment is written once however many stages and steps stand in it; a stage's gate
    /// only when it is not its environment's. The model puts both back where the engine reads them.
    @Test func environmentsAndGatesTravelOnce() throws {
        let pipeline = Pipeline("p", approvers: team) {
            Stage("plan") { Plan(dev) }
            Deploy(dev, after: "plan") { Shell("./deploy.sh") }
            Stage("smoke", after: "dev", environment: dev, gate: .approvals(["QA Lead"])) { SmokeTest() }
        }
        let text = JSONTextProbe.document(pipeline)
        #expect(text.components(separatedBy: "536580886816").count == 2)
        let wire = JSONTextProbe.wire(pipeline).pipeline
        #expect(wire.environments.map(\.name) == ["dev"])
        #expect(wire.stages.map(\.environment) == [nil, "dev", "dev"])
        #expect(wire.stages[0].steps[0].environment == "dev")
        #expect(wire.stages.map { $0.gate?.requiredRoles } == [nil, nil, ["QA Lead"]])
        let model = try decode(pipeline).pipeline
        #expect(model.stage(named: "dev")?.gate?.requiredRoles == ["Lead Developer"])
        #expect(model.stage(named: "smoke")?.gate?.requiredRoles == ["QA Lead"])
        #expect(model.stage(named: "plan")?.steps.first?.environment == model.stage(named: "dev")?.environment)
        #expect(model.environments.map(\.name) == ["dev"])
        #expect(try PipelineModel.PipelineDocument.decode(PipelineModel.PipelineDocument(pipeline: model).encoded()).pipeline == model)
    }

    /// Two different environments under one name both reach the validator, which refuses them.
    @Test func conflictingEnvironmentsReachTheValidator() throws {
        let other = Environment("dev", account: "815856636111", region: "af-south-1", role: "bbws-deploy-dev")
        let pipeline = Pipeline("p") {
            Deploy(dev) { Shell("a") }
            Stage("again", after: "dev", environment: other) { Shell("b") }
        }
        let model = try decode(pipeline).pipeline
        #expect(model.declaredEnvironments.map(\.account) == ["536580886816", "815856636111"])
        #expect(model.stage(named: "again")?.environment?.account == "536580886816")
        let issues = PipelineValidator().validate(model).map(\.message)
        #expect(issues.contains { $0.hasPrefix("environment 'dev' is declared twice with different settings") })
    }

    func decode(_ pipeline: Pipeline) throws -> PipelineModel.PipelineDocument {
        try PipelineModel.PipelineDocument.decode(Data(JSONTextProbe.document(pipeline).utf8))
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
        let text = JSONTextProbe.document(pipeline)
        let document = try PipelineModel.PipelineDocument.decode(Data(text.utf8))
        #expect(document.version == 2)
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
        #expect(text == JSONTextProbe.document(pipeline))
    }

    @Test func stateDecodesIntoTheEngineModelWithDefaults() throws {
        let shared = Pipeline("bbws", state: .dynamoDB(table: "bbws-pipeline-state", region: "af-south-1",
                                                       role: "arn:aws:iam::536580886816:role/pipeline-state")) {
            Stage("s") { Shell("true") }
        }
        let decoded = try PipelineModel.PipelineDocument.decode(Data(JSONTextProbe.document(shared).utf8))
        let state = try #require(decoded.pipeline.state)
        #expect(state.kind == .dynamoDB)
        #expect(state.url == "dynamodb://bbws-pipeline-state?region=af-south-1&role=arn:aws:iam::536580886816:role/pipeline-state")
        #expect(state.location?.file.hasSuffix("DSLCodableTests.swift") == true)
        // A pipeline that says nothing, or says local, keeps the embedded default.
        let plain = Pipeline("bbws") { Stage("s") { Shell("true") } }
        #expect(try PipelineModel.PipelineDocument.decode(Data(JSONTextProbe.document(plain).utf8)).pipeline.state == nil)
        let local = Pipeline("bbws", state: .local()) { Stage("s") { Shell("true") } }
        let localState = try PipelineModel.PipelineDocument.decode(Data(JSONTextProbe.document(local).utf8)).pipeline.state
        #expect(localState?.kind == .local)
        #expect(localState?.url == nil)
    }

    @Test func stringsAreEscaped() throws {
        let pipeline = Pipeline("quote\"back\\slash\nnew\u{1}ctl 日本") { Stage("s") { Shell("echo \"hi\"") } }
        let text = JSONTextProbe.document(pipeline)
        let document = try PipelineModel.PipelineDocument.decode(Data(text.utf8))
        #expect(document.pipeline.name == "quote\"back\\slash\nnew\u{1}ctl 日本")
    }
}
