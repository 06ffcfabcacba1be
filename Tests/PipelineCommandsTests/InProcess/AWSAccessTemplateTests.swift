import Foundation
@testable import PipelineCommands
import PipelineModel
import TestTiers
import Testing

/// The templates `pipeline ci aws` prints, built in memory: which account gets what, and whose
/// tokens each role trusts.
@Suite(.fast) struct AWSAccessTemplateTests {
    static let here = SourceLocation(file: "pipelines/deploy.swift", line: 1)

    static func definition(stateRole: String? = "arn:aws:iam::999999999999:role/pipeline-state") -> PipelineDefinition {
        let dev = EnvironmentDefinition(name: "dev", account: "111111111111", region: "af-south-1", role: "deploy-dev", location: here)
        let prodEU = EnvironmentDefinition(name: "prod-eu", account: "222222222222", region: "eu-west-1", role: "deploy-prod", location: here)
        var definition = PipelineDefinition(name: "shop", stages: [
            StageDefinition(name: "dev", environment: dev, steps: [], location: here),
            StageDefinition(name: "prod-eu", dependsOn: ["dev"], environment: prodEU, steps: [], location: here),
        ], location: here)
        definition.state = StateDefinition(kind: .dynamoDB, table: "pipeline-state", region: "us-east-1", role: stateRole)
        return definition
    }

    @Test func eachRoleTrustsTheRepositorysJobsOnTheBranchOrInItsEnvironment() {
        let plain = AWSAccessTemplate(definition: Self.definition(), repository: "bbws/infra", ids: nil, branch: "release")
        #expect(plain.subjects(environment: "dev") == ["repo:bbws/infra:ref:refs/heads/release", "repo:bbws/infra:environment:dev"])
        #expect(plain.subjects(environment: nil) == ["repo:bbws/infra:ref:refs/heads/release"])
        let immutable = AWSAccessTemplate(definition: Self.definition(), repository: "bbws/infra", ids: ("12", "34"), branch: "main")
        #expect(immutable.subjects(environment: nil) == ["repo:bbws/infra:ref:refs/heads/main", "repo:bbws@12/infra@34:ref:refs/heads/main"])
    }

    @Test func eachAccountGetsItsOwnRolesAndTheStateGoesWithItsRole() {
        let generator = AWSAccessTemplate(definition: Self.definition(), repository: "bbws/infra", ids: nil, branch: "main")
        #expect(generator.accounts == ["111111111111", "222222222222", "999999999999"])
        func resources(_ account: String) -> Set<String> {
            Set((generator.template(account: account)["Resources"] as? [String: Any] ?? [:]).keys)
        }
        #expect(resources("111111111111") == ["GitHubActionsOIDCProvider", "RoleDev"])
        #expect(resources("222222222222") == ["GitHubActionsOIDCProvider", "RoleProdEu"])
        #expect(resources("999999999999") == ["GitHubActionsOIDCProvider", "StateRole", "StateTable"])
        #expect(AWSAccessTemplate(definition: Self.definition(stateRole: "deploy"), repository: "bbws/infra", ids: nil, branch: "main")
            .stateRoleAccount == nil)
    }
}
