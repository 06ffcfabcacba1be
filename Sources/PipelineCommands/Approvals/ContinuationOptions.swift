import ArgumentParser
import Foundation

/// `approve --continue-workflow FILE`: once the approval satisfies the gate, continue the run in
/// GitHub Actions by dispatching the pipeline's main workflow for it.
struct ContinuationOptions: ParsableArguments {
    @Option(name: .customLong("continue-workflow"), help: ArgumentHelp(
        "When this approval satisfies the gate, start this workflow of the repository (workflow_dispatch, input run=RUN) to continue the run, with the token in $GITHUB_TOKEN or $GH_TOKEN.",
        valueName: "file.yml"))
    var workflow: String?

    @Option(help: ArgumentHelp("The repository of --continue-workflow (default: $GITHUB_REPOSITORY).", valueName: "owner/name"))
    var repository: String?

    @Option(help: ArgumentHelp("The branch --continue-workflow runs on (default: $GITHUB_REF_NAME in GitHub Actions, else the run's branch, else main).",
                               valueName: "branch"))
    var ref: String?

    func check() throws {
        guard let workflow else {
            if repository != nil || ref != nil { throw ValidationError("--repository and --ref go with --continue-workflow") }
            return
        }
        guard workflow.hasSuffix(".yml") || workflow.hasSuffix(".yaml"), !workflow.contains("/"), workflow.count > 4 else {
            throw ValidationError("--continue-workflow '\(workflow)' is not a workflow file name, e.g. --continue-workflow deploy.yml")
        }
        if let repository, repository.split(separator: "/", omittingEmptySubsequences: false).count != 2 {
            throw ValidationError("--repository '\(repository)' is not OWNER/NAME")
        }
    }

    /// The dispatch to make for `run`, or why it cannot be made.
    func dispatch(run: String, runBranch: String?, environment: [String: String]) throws -> GitHubDispatch? {
        guard let workflow else { return nil }
        let given = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let repository = repository ?? given("GITHUB_REPOSITORY") else {
            throw ValidationError("--continue-workflow needs the repository: --repository OWNER/NAME (or $GITHUB_REPOSITORY)")
        }
        guard let token = given("GITHUB_TOKEN") ?? given("GH_TOKEN") else {
            throw ValidationError("--continue-workflow needs a GitHub token allowed to run workflows in $GITHUB_TOKEN or $GH_TOKEN (e.g. GH_TOKEN=$(gh auth token))")
        }
        let branch = ref ?? GitHubBranch.of(environment) ?? runBranch ?? "main"
        return GitHubDispatch(api: given("GITHUB_API_URL") ?? "https://api.github.com", repository: repository, workflow: workflow,
                              ref: branch, inputs: ["run": run], token: token)
    }
}
