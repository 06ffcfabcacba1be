import PipelineBasics
import PipelineModel
import TestTiers
import Testing

@Suite(.fast) struct PipelineValidatorTests {
    let validator = PipelineValidator(knownStepKinds: ["shell", "external"])

    @Test func aValidPipelineHasNoIssues() {
        let pipeline = Fixture.pipeline(
            [Fixture.stage("validation"), Fixture.stage("dev", after: ["validation"], gate: GateDefinition(requiredRoles: ["Lead Developer"]))],
            approvers: ["lead@x": ["Lead Developer"]])
        #expect(validator.validate(pipeline).isEmpty)
    }

    @Test func aDynamoDBStateNeedsATableARegionAndARoleARN() throws {
        var pipeline = Fixture.pipeline([Fixture.stage("validation")])
        pipeline.state = StateDefinition(kind: .dynamoDB, table: "state table", region: nil, role: "pipeline-state",
                                         location: SourceLocation(file: "pipelines/test.swift", line: 9))
        let issues = validator.validate(pipeline)
        #expect(issues.map(\.message).contains { $0.contains("'state table' is not a DynamoDB table name") })
        #expect(issues.map(\.message).contains { $0.contains("needs a region") })
        #expect(issues.map(\.message).contains { $0.contains("must be a full role ARN") })
        #expect(issues.allSatisfy { $0.location?.line == 9 })
        pipeline.state = StateDefinition(kind: .dynamoDB, table: "bbws-state", region: "af-south-1")
        #expect(validator.validate(pipeline).isEmpty)
    }

    @Test func aCycleIsNamedWithItsLine() throws {
        let pipeline = Fixture.pipeline([
            Fixture.stage("a", after: ["c"], line: 3), Fixture.stage("b", after: ["a"], line: 4), Fixture.stage("c", after: ["b"], line: 5),
        ])
        let issues = validator.validate(pipeline)
        let cycle = try #require(issues.first { $0.message.contains("cycle") })
        #expect(cycle.message.contains("a -> c -> b -> a") || cycle.message.contains("a -> b") || cycle.message.contains("-> a"))
        #expect(cycle.location?.line == 3)
        #expect(cycle.description.hasPrefix("pipelines/test.swift:3: error:"))
    }

    @Test func unknownDependencySuggestsTheClosestName() throws {
        let issues = validator.validate(Fixture.pipeline([Fixture.stage("validation"), Fixture.stage("plan", after: ["validaton"], line: 7)]))
        let issue = try #require(issues.first)
        #expect(issue.message.contains("unknown stage 'validaton'"))
        #expect(issue.message.contains("did you mean 'validation'?"))
        #expect(issue.location?.line == 7)
    }

    @Test func duplicateNamesAreReported() {
        let issues = validator.validate(Fixture.pipeline([Fixture.stage("a", steps: ["x", "x"]), Fixture.stage("a", line: 9)]))
        #expect(issues.contains { $0.message.contains("stage 'a' is declared twice") && $0.location?.line == 9 })
        #expect(issues.contains { $0.message.contains("two steps named 'x'") })
    }

    @Test func gateWithUndeclaredRole() throws {
        let pipeline = Fixture.pipeline([Fixture.stage("prod", gate: GateDefinition(requiredRoles: ["Tech Lead", "DevOps Lead"]))],
                                        approvers: ["lead@x": ["Tech Lead"]])
        let issues = validator.validate(pipeline)
        #expect(issues.count == 1)
        #expect(issues[0].message.contains("requires role 'DevOps Lead', which no approver holds"))
        #expect(issues[0].message.contains("declared roles: Tech Lead"))
    }

    @Test func gateThatDistinctPeopleCannotSatisfy() {
        // One person holds both roles: the gate needs two different people.
        let pipeline = Fixture.pipeline([Fixture.stage("sit", gate: GateDefinition(requiredRoles: ["Tech Lead", "QA Lead"]))],
                                        approvers: ["lead@x": ["Tech Lead", "QA Lead"]])
        #expect(validator.validate(pipeline).contains { $0.message.contains("cannot cover them with distinct people") })
        let enough = Fixture.pipeline([Fixture.stage("sit", gate: GateDefinition(requiredRoles: ["Tech Lead", "QA Lead"]))],
                                      approvers: ["lead@x": ["Tech Lead", "QA Lead"], "qa@x": ["QA Lead"]])
        #expect(validator.validate(enough).isEmpty)
        let count = Fixture.pipeline([Fixture.stage("s", gate: GateDefinition(requiredRoles: [], roles: ["A"], minimumApprovers: 3))],
                                     approvers: ["1": ["A"], "2": ["A"]])
        #expect(validator.validate(count).contains { $0.message.contains("needs 3 approvers but only 2") })
    }

    @Test func aGateOnlyUnverifiablePeopleCanFillIsRefused() throws {
        var pipeline = Fixture.pipeline([Fixture.stage("sit", gate: GateDefinition(requiredRoles: ["Tech Lead", "QA Lead"]))],
                                        approvers: ["lead@x": ["Tech Lead"], "qa@x": ["QA Lead"], "qa2@x": ["QA Lead"]])
        #expect(validator.validate(pipeline).isEmpty)
        pipeline.approvers.keys["qa@x"] = nil
        #expect(validator.validate(pipeline).isEmpty, "qa2 can still verify as QA Lead")
        pipeline.approvers.keys["qa2@x"] = nil
        let issue = try #require(validator.validate(pipeline).first)
        #expect(issue.message.contains("cannot be satisfied by approvers whose identity can be verified: qa2@x, qa@x have no SSH key"), "\(issue.message)")
        // Each way of proving identity makes it satisfiable again.
        for way: (inout PipelineDefinition.Approvers) -> Void in [
            { $0.allowUnsigned = true }, { $0.allowedSigners = "approvers/allowed_signers" },
            { $0.identityProviders = [IdentityProviderDefinition(issuer: "https://id.example", audience: "a", identityClaim: "email")] },
        ] {
            var fixed = pipeline
            way(&fixed.approvers)
            #expect(validator.validate(fixed).isEmpty)
        }
    }

    @Test func unknownStepKindListsTheKnownOnes() throws {
        let issues = validator.validate(Fixture.pipeline([Fixture.stage("deploy", kind: "provision-tables", line: 12)]))
        let issue = try #require(issues.first)
        #expect(issue.message.contains("unknown step module 'provision-tables'"))
        #expect(issue.message.contains("this runner knows: external, shell"))
        #expect(issue.location?.line == 12)
    }

    @Test func environmentsAreChecked() {
        let bad = EnvironmentDefinition(name: "dev", account: "12345", region: "Af South", role: "", location: Fixture.here)
        var stage = Fixture.stage("dev")
        stage.environment = bad
        let issues = validator.validate(Fixture.pipeline([stage]))
        #expect(issues.contains { $0.message.contains("12-digit AWS account id") })
        #expect(issues.contains { $0.message.contains("is not an AWS region name") })
        #expect(issues.contains { $0.message.contains("empty role") })
    }

    @Test func secretNamesMustBeVariableNames() {
        var pipeline = Fixture.pipeline([Fixture.stage("a")])
        pipeline.secrets = ["GOOD_NAME", "bad-name"]
        let issues = validator.validate(pipeline)
        #expect(issues.count == 1)
        #expect(issues[0].message.contains("'bad-name'"))
    }
}
