import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineModel
import TestTiers
import Testing

/// What `pipeline validate` reports for the built-in steps before anything runs.
@Suite(.fast) struct StepChecksTests {
    let location = SourceLocation(file: "pipelines/deploy.swift", line: 12)
    let registry = BuiltinSteps.registry()

    func step(_ kind: String, _ parameters: [String: JSONValue]) -> StepDefinition {
        StepDefinition(kind: kind, name: kind, parameters: parameters, location: location)
    }

    func stage(environment: EnvironmentDefinition?) -> StageDefinition {
        StageDefinition(name: "s", environment: environment, steps: [], location: location)
    }

    var dev: EnvironmentDefinition {
        EnvironmentDefinition(name: "dev", account: "536580886816", region: "af-south-1", role: "deploy", location: location)
    }

    @Test func provisioningStepsNeedADeployStage() {
        for (kind, parameters) in [("provision-tables", ["pattern": JSONValue.string("x/*.json")]),
                                   ("provision-template-bucket", ["bucket": .string("bbws-templates-dev")]),
                                   ("publish-templates", ["root": .string("t/"), "bucket": .string("bbws-templates-dev")]),
                                   ("smoke-test", [:])] {
            let outside = StepChecks.problems(of: step(kind, parameters), in: stage(environment: nil), registry: registry)
            #expect(outside == ["step '\(kind)' acts on an environment: put it in a Deploy(env) stage"], "\(kind)")
            #expect(StepChecks.problems(of: step(kind, parameters), in: stage(environment: dev), registry: registry).isEmpty, "\(kind)")
        }
        let all = step("smoke-test", ["scope": .string("all")])
        #expect(StepChecks.problems(of: all, in: stage(environment: nil), registry: registry).isEmpty, "SmokeTest(.all) checks every environment")
    }

    @Test func wrongParametersNameTheField() {
        let replacement = StepChecks.problems(of: step("provision-tables", ["pattern": .string("x"), "allowReplacement": .string("yes")]),
                                              in: stage(environment: dev), registry: registry)
        #expect(replacement == ["step 'provision-tables', parameter 'allowReplacement': is true or false, not \"yes\""])
        let bucket = StepChecks.problems(of: step("provision-template-bucket", ["bucket": .string("Not_A_Bucket")]),
                                         in: stage(environment: dev), registry: registry)
        #expect(bucket.count == 1 && bucket[0].contains("parameter 'bucket'"), "\(bucket)")
        let scope = StepChecks.problems(of: step("smoke-test", ["scope": .string("everything")]), in: stage(environment: dev), registry: registry)
        #expect(scope == ["step 'smoke-test', parameter 'scope': is \"environment\" or \"all\", not \"everything\""])
        let unknown = StepChecks.problems(of: step("provision-queues", [:]), in: stage(environment: dev), registry: registry)
        #expect(unknown.first?.contains("unknown step module 'provision-queues'") == true, "\(unknown)")
    }

    /// A module is found as `pipeline-step-NAME` in a search folder: its name is checked like a
    /// step's, so it cannot point outside the folder.
    @Test(arguments: ["../../bin/sh", "x/../../../bin/sh", "/bin/sh", "..", "notify module", String(repeating: "a", count: 65)])
    func aModuleNameThatIsAPathIsRefusedAtLoad(_ name: String) {
        let problems = StepChecks.problems(of: step("external", ["module": .string(name)]), in: stage(environment: nil), registry: registry)
        #expect(problems.count == 1 && problems[0].contains("parameter 'module'") && problems[0].contains("is not a step module name"), "\(problems)")
        #expect(!StepModuleLocator.isModuleName(name))
        #expect(throws: ExternalStepError.self) { try StepModuleLocator(workspace: URL(fileURLWithPath: "/")).locate(name) }
    }

    @Test func ordinaryModuleNamesAreAccepted() {
        for name in ["notify", "cost-estimate", "team_step.v2"] { #expect(StepModuleLocator.isModuleName(name), "\(name)") }
    }

    @Test func regionsMustExistWithASuggestion() {
        var typo = dev
        typo.region = "eu-wset-1"
        #expect(StepChecks.problems(of: typo) == ["environment 'dev': region 'eu-wset-1' is not an AWS region; did you mean 'eu-west-1'?"])
        var recovery = dev
        recovery.disasterRecovery = EnvironmentDefinition.DisasterRecovery(replicaRegions: ["mars-north-1"])
        #expect(StepChecks.problems(of: recovery).first?.contains("region 'mars-north-1' is not an AWS region") == true)
        #expect(StepChecks.problems(of: dev).isEmpty)
    }
}
