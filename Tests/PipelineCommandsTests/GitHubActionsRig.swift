import Foundation
import Synchronization
import PipelineTesting
import Testing

/// A repository with generated workflows, run by the local GitHub Actions executor against moto:
/// the origin (a copy of this repository with the test's pipeline file and the workflows
/// `pipeline ci github` wrote), the executor serving it (jobs on separate machines with no AWS
/// keys, only the executor's OIDC tokens), the runner archive in the executor's cache as an
/// earlier workflow run would have left it, the state table, and a laptop checkout for
/// approvals made outside GitHub.
struct GitHubActionsRig {
    let server: LocalAWSServer
    let origin: TemporaryGitRepository
    let actions: LocalActions
    let state: String
    /// A developer's clone with moto keys, GitHub's API and a personal token.
    let laptop: CommandLineRunner
    let laptopClone: TemporaryGitRepository

    /// Personal tokens of the GitHub logins that approve from a laptop.
    static let userTokens = ["lead-gh": "ghp_lead_\(UUID().uuidString.prefix(8))"]

    /// `files(issuer)` gives the files to commit on top of this repository's last commit (the
    /// pipeline file among them); `stateTable` and `stateRole` are the pipeline's state.
    static func make(stateTable: String, stateRole: String, tls: Bool = true,
                     files: (_ issuer: String) throws -> [String: String?]) async throws -> GitHubActionsRig {
        try PipelineBuild.require()
        let server = try await LocalAWSServer.shared(tls: tls)
        let origin = try TemporaryGitRepository()
        _ = try origin.git(["fetch", "--quiet", "--no-tags", PipelineBuild.packageRoot.path, "HEAD"])
        _ = try origin.git(["reset", "--quiet", "--hard", "FETCH_HEAD"])
        var machine = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", "NO_COLOR": "1",
                       "PIPELINE_LEASE_SECONDS": "3"]
        for (key, value) in server.environment where !key.hasPrefix("AWS_ACCESS_KEY") && !key.hasPrefix("AWS_SECRET") {
            machine[key] = value
        }
        let actions = try LocalActions(origin: origin.url, repository: GitHubSeed.repositoryName, machineEnvironment: machine,
                                       userTokens: Self.userTokens)
        let committed = try files(actions.issuer)
        for (path, text) in committed { if let text { try origin.write(path, text) } }
        let cli = CommandLineRunner(workingDirectory: origin.url)
        let pipelineFile = committed.keys.first { $0.hasPrefix("pipelines/") } ?? "pipelines/deploy.swift"
        let generated = try await cli.pipeline(["ci", "github", pipelineFile])
        guard generated.status == 0 else { throw LocalActions.Failure(message: "ci github: \(generated)") }
        try origin.stage()
        _ = try origin.commitStaged("GitHub Actions")

        let state = "dynamodb://\(stateTable)?region=us-east-1&role=\(stateRole)"
        let laptopClone = try TemporaryGitRepository()
        _ = try laptopClone.git(["fetch", "--quiet", origin.url.path, "main"])
        _ = try laptopClone.git(["reset", "--quiet", "--hard", "FETCH_HEAD"])
        var laptop = CommandLineRunner(workingDirectory: laptopClone.url, environment: server.environment)
        laptop.environment["GITHUB_API_URL"] = actions.api
        laptop.environment["PIPELINE_STATE"] = state
        let initialized = try await laptop.pipeline(["state", "init", "--state", state])
        guard initialized.status == 0 else { throw LocalActions.Failure(message: "state init: \(initialized)") }

        // The runner, as the runner job would have built and cached it for these sources.
        _ = try await actions.seedCache(workflow: "deploy.yml", job: "runner", step: "cache", sha: try origin.revParse("HEAD"),
                                        from: try Self.packedRunner().url)
        return GitHubActionsRig(server: server, origin: origin, actions: actions, state: state, laptop: laptop, laptopClone: laptopClone)
    }

    /// This build's runner packed by scripts/dist.sh (`.pipeline-dist/pipeline-runner.tar.gz` in
    /// the folder), once per test process.
    static func packedRunner() throws -> TemporaryDirectory {
        try packed.withLock { folder in
            if let folder { return folder }
            let dist = try TemporaryDirectory(prefix: "runner-dist")
            let packing = try CommandLineRunner(workingDirectory: PipelineBuild.packageRoot).run(
                "/bin/bash", [PipelineBuild.packageRoot.appendingPathComponent("scripts/dist.sh").path, "--build-dir", PipelineBuild.directory.path,
                              dist.url.appendingPathComponent(".pipeline-dist/pipeline-runner.tar.gz").path], timeout: 300)
            guard packing.status == 0 else { throw LocalActions.Failure(message: "dist.sh: \(packing)") }
            folder = dist
            return dist
        }
    }

    private static let packed = Mutex<TemporaryDirectory?>(nil)

    /// Commits `files` to the origin and pushes it: the workflow runs that start.
    func push(_ files: [String: String?], message: String, actor: String = "dev-gh") async throws -> (sha: String, runs: [Int]) {
        let sha = try origin.commit(message, files: files)
        return (sha, try await actions.push(sha: sha, actor: actor))
    }

    /// The laptop's checkout brought up to date with the origin.
    func pullLaptop() throws {
        _ = try laptopClone.git(["fetch", "--quiet", origin.url.path, "main"])
        _ = try laptopClone.git(["reset", "--quiet", "--hard", "FETCH_HEAD"])
    }

    /// The last workflow run of `workflow` started after `after` (a run id).
    func latestRun(of workflow: String, after: Int = 0) async throws -> LocalActions.WorkflowRun? {
        try await actions.runs().filter { $0.workflow == workflow && $0.id > after }.max { $0.id < $1.id }
    }
}
