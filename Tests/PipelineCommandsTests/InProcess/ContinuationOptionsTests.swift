import ArgumentParser
import Foundation
@testable import PipelineCommands
import TestTiers
import Testing

/// `approve --continue-workflow FILE`: the dispatch an approval that completes a gate makes, from
/// the options and what GitHub Actions (or a laptop) provides, checked before anything is recorded.
@Suite(.fast) struct ContinuationOptionsTests {
    static func options(_ arguments: [String]) throws -> ContinuationOptions {
        let options = try ContinuationOptions.parse(arguments)
        try options.check()
        return options
    }

    @Test func inAnActionsJobTheRepositoryBranchAPIAndTokenComeFromGitHubsVariables() throws {
        let dispatch = try #require(try Self.options(["--continue-workflow", "deploy.yml"]).dispatch(
            run: "gh-7", runBranch: "main",
            environment: ["GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "bbws/infra", "GITHUB_REF_TYPE": "branch", "GITHUB_REF_NAME": "release",
                          "GITHUB_API_URL": "https://ghe.example/api/v3", "GITHUB_TOKEN": "ghs_secret"]))
        #expect(dispatch.repository == "bbws/infra" && dispatch.ref == "release" && dispatch.api == "https://ghe.example/api/v3")
        #expect(dispatch.token == "ghs_secret" && dispatch.inputs == ["run": "gh-7"])
        #expect(dispatch.manualCommand == "gh workflow run deploy.yml -R bbws/infra --ref release -f run=gh-7")
    }

    @Test func onALaptopTheRunsBranchAndGitHubComAreTheDefaults() throws {
        let dispatch = try #require(try Self.options(["--continue-workflow", "deploy.yml", "--repository", "bbws/infra"]).dispatch(
            run: "gh-7", runBranch: "trunk", environment: ["GH_TOKEN": "gho_laptop"]))
        #expect(dispatch.ref == "trunk" && dispatch.api == "https://api.github.com" && dispatch.token == "gho_laptop")
        #expect(try Self.options([]).dispatch(run: "gh-7", runBranch: nil, environment: [:]) == nil)
    }

    @Test func whatAContinuationLacksIsSaidBeforeAnythingIsRecorded() throws {
        #expect(throws: ValidationError.self) { try Self.options(["--continue-workflow", ".github/workflows/deploy.yml"]) }
        #expect(throws: ValidationError.self) { try Self.options(["--repository", "bbws/infra"]) }
        #expect(throws: ValidationError.self) { try Self.options(["--continue-workflow", "deploy.yml", "--repository", "bbws"]) }
        let noToken = try Self.options(["--continue-workflow", "deploy.yml", "--repository", "bbws/infra"])
        #expect(throws: ValidationError.self) { try noToken.dispatch(run: "gh-7", runBranch: nil, environment: [:]) }
        let noRepository = try Self.options(["--continue-workflow", "deploy.yml"])
        #expect(throws: ValidationError.self) { try noRepository.dispatch(run: "gh-7", runBranch: nil, environment: ["GH_TOKEN": "t"]) }
    }
}
