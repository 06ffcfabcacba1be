import Foundation
import PipelineModel
import TestTiers
import Testing

/// Documents of both versions read into the same model: version 1 (each stage and step with a
/// copy of its environment, as run records of earlier runners hold it) and version 2 (each
/// environment once, named by stages and steps).
@Suite(.fast) struct PipelineDocumentTests {
    static let version1 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pipeline-document/version-1.json")

    @Test func aVersion1DocumentStillLoads() throws {
        let document = try PipelineDocument.decode(try Data(contentsOf: Self.version1))
        #expect(document.version == 1)
        let pipeline = document.pipeline
        #expect(pipeline.name == "bbws")
        #expect(pipeline.secrets == ["SLACK_TOKEN"])
        #expect(pipeline.approvers.keys.isEmpty && pipeline.approvers.identityProviders.isEmpty && !pipeline.approvers.allowUnsigned)
        #expect(pipeline.approvers.allowedSigners == "approvers/allowed_signers")
        #expect(pipeline.approvers.location?.line == 3)
        #expect(pipeline.declaredEnvironments.map(\.name) == ["dev"])
        #expect(pipeline.environments.map(\.name) == ["dev"])
        let dev = try #require(pipeline.stage(named: "dev"))
        #expect(dev.environment?.account == "536580886816")
        #expect(dev.environment?.disasterRecovery?.replicaRegions == ["eu-west-1"])
        #expect(dev.environment?.settings["nested"] == .object(["a": .array([.int(1), .double(2.5), .string("x"), .null])]))
        #expect(dev.environment?.roleARN == "arn:aws:iam::536580886816:role/bbws-deploy-dev")
        #expect(dev.gate == GateDefinition(requiredRoles: ["Lead Developer"]))
        #expect(dev.steps.first?.condition == .changed(["schemas/**"]))
        #expect(dev.steps.first?.timeoutSeconds == 30)
        if case .steps(let undo) = dev.rollback { #expect(undo.map(\.name) == ["./undo.sh"]) } else { Issue.record("rollback lost") }
        #expect(pipeline.stage(named: "plan")?.steps.first?.environment == dev.environment)
        #expect(pipeline.stage(named: "validation")?.failFast == true)
        let qa = try #require(pipeline.stage(named: "qa"))
        #expect(qa.gate == GateDefinition(requiredRoles: [], roles: ["QA Lead", "Tech Lead"], minimumApprovers: 2, preventSelfApproval: false))
        #expect(qa.failFast == false)
        #expect(qa.rollback == .eachStep)
        #expect(qa.condition == .all([.branch("main"), .environment("CI", equals: "true")]))
        #expect(qa.steps.first?.continueOnError == true)
        #expect(PipelineValidator().validate(pipeline).isEmpty)
    }

    /// Written again, a version 1 document is in the current shape: environments once, the gate
    /// of a stage only when it is not its environment's, and it reads back as the same pipeline.
    @Test func aVersion1DocumentIsWrittenInTheCurrentShape() throws {
        let old = try PipelineDocument.decode(try Data(contentsOf: Self.version1))
        let data = try old.encoded()
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["version"] as? Int == PipelineDocument.currentVersion)
        let pipeline = try #require(json["pipeline"] as? [String: Any])
        #expect((pipeline["environments"] as? [[String: Any]])?.map { $0["name"] as? String } == ["dev"])
        let stages = try #require(pipeline["stages"] as? [[String: Any]])
        #expect(stages.map { $0["environment"] as? String } == [nil, nil, "dev", "dev"])
        #expect(stages.map { $0["gate"] != nil } == [false, false, false, true])
        #expect(String(decoding: data, as: UTF8.self).components(separatedBy: "536580886816").count == 2)
        let again = try PipelineDocument.decode(data)
        #expect(again.version == PipelineDocument.currentVersion)
        #expect(again.pipeline == old.pipeline)
    }

    @Test func aStageNamingAnEnvironmentTheDocumentDoesNotListIsRefused() throws {
        let text = #"""
        {"version": 2, "pipeline": {"name": "p", "approvers": {"members": {}}, "environments": [], "secrets": [],
         "location": {"file": "p.swift", "line": 1},
         "stages": [{"name": "s", "dependsOn": [], "environment": "nowhere", "rollback": {"kind": "none"}, "steps": [],
                     "failFast": true, "location": {"file": "p.swift", "line": 2}}]}}
        """#
        #expect(throws: DocumentError.undeclaredEnvironment("nowhere", owner: "stage 's'")) {
            try PipelineDocument.decode(Data(text.utf8))
        }
    }

    /// A pipeline made in code goes through its document unchanged (as tests and benchmarks record runs).
    @Test func aDefinitionMadeInCodeRoundTrips() throws {
        let dev = EnvironmentDefinition(name: "dev", account: "536580886816", region: "af-south-1", role: "deploy",
                                        gate: GateDefinition(requiredRoles: ["Lead"]), settings: ["days": 7],
                                        location: SourceLocation(file: "p.swift", line: 2))
        let step = StepDefinition(kind: "shell", name: "s", parameters: ["command": "true"], environment: dev,
                                  location: SourceLocation(file: "p.swift", line: 4))
        let stage = StageDefinition(name: "dev", environment: dev, gate: dev.gate, rollback: .steps([step]), condition: .branch("main"),
                                    steps: [step], failFast: true, location: SourceLocation(file: "p.swift", line: 3))
        let definition = PipelineDefinition(name: "p", stages: [stage], location: SourceLocation(file: "p.swift", line: 1))
        var read = try PipelineDocument.decode(PipelineDocument(pipeline: definition).encoded()).pipeline
        #expect(read.declaredEnvironments == [dev])
        read.declaredEnvironments = []
        #expect(read == definition)
    }
}
