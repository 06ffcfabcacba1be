import Foundation
import PipelineTesting

/// The first user's repository as it would be set up for GitHub Actions: a copy of this
/// repository (the runner's source, the seed pipeline, examples/) whose pipelines/deploy.swift
/// keeps its state in DynamoDB and accepts approvals from GitHub logins through the approve
/// workflow's OIDC tokens, with fresh accounts and bucket names.
struct GitHubSeed {
    /// GitHub logins of the seed's approvers.
    static let logins = ["lead-gh": "lead@bbws.example", "qa-gh": "qa@bbws.example", "po-gh": "po@bbws.example", "ops-gh": "ops@bbws.example"]
    static let repositoryName = "bbws/infrastructure"

    let accounts: [String: String]
    let stateAccount: String
    let stateTable: String
    let suffix: String

    init() {
        let fresh = { String(format: "%06d%06d", Int.random(in: 100_000...999_999), Int.random(in: 0...999_999)) }
        accounts = ["dev": fresh(), "sit": fresh(), "prod": fresh()]
        stateAccount = fresh()
        suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        stateTable = "pipeline-state-\(suffix)"
    }

    var stateRole: String { "arn:aws:iam::\(stateAccount):role/pipeline-state" }

    /// The seed pipeline with a shared state and `provider` (Swift source of an identity provider).
    func pipeline(provider: String) throws -> String {
        var text = try String(contentsOf: PipelineBuild.packageRoot.appendingPathComponent("pipelines/deploy.swift"), encoding: .utf8)
        for (environment, account) in SeedPipelineEndToEndTests.seedAccounts { text = text.replacingOccurrences(of: account, with: accounts[environment]!) }
        text = text.replacingOccurrences(of: "\"bbws-templates-\\(environment.name)\"", with: "\"bbws-templates-\\(environment.name)-\(suffix)\"")
        let signers = "allowedSigners: \"approvers/allowed_signers\"\n)"
        precondition(text.contains(signers) && text.contains("Pipeline(\"bbws-infrastructure\", approvers: team)"), "the seed pipeline changed shape")
        text = text.replacingOccurrences(of: signers, with: "allowedSigners: \"approvers/allowed_signers\",\n    identityProviders: [\(provider)]\n)")
        return text.replacingOccurrences(
            of: "Pipeline(\"bbws-infrastructure\", approvers: team)",
            with: "Pipeline(\"bbws-infrastructure\", approvers: team, state: .dynamoDB(table: \"\(stateTable)\", region: \"us-east-1\", role: \"\(stateRole)\"))")
    }

    /// GitHub's own issuer, as a team declares it.
    static var githubProvider: String {
        ".githubActions(repository: \"\(repositoryName)\", identities: \(swiftDictionary(logins)))"
    }

    /// The same claims pinned, from an issuer on this machine (the local executor's).
    static func loopbackProvider(issuer: String) -> String {
        """
        IdentityProvider(issuer: "\(issuer)", audience: "pipeline-approval", identityClaim: "actor", identities: \(swiftDictionary(logins)),
                requiredClaims: ["repository": ["\(repositoryName)"], "job_workflow_ref": ["\(repositoryName)/.github/workflows/approve.yml@refs/heads/main"],
                                 "event_name": ["workflow_dispatch"]])
        """
    }

    static func swiftDictionary(_ values: [String: String]) -> String {
        "[" + values.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ") + "]"
    }

    /// A repository holding this repository's last commit, then `files` committed on top.
    static func repository(files: [String: String?]) throws -> TemporaryGitRepository {
        let repository = try TemporaryGitRepository()
        _ = try repository.git(["fetch", "--quiet", "--no-tags", PipelineBuild.packageRoot.path, "HEAD"])
        _ = try repository.git(["reset", "--quiet", "--hard", "FETCH_HEAD"])
        _ = try repository.commit("GitHub Actions for the seed", files: files)
        return repository
    }
}
