import Foundation
import PipelineTesting
import TestTiers
import Testing

/// `pipeline ci aws`: the templates of what GitHub Actions jobs need on the AWS side, one per
/// account. Their roles and policies are made in moto from the templates' own documents, and a
/// run with nothing but a GitHub Actions OIDC token (no keys) then deploys through them and keeps
/// its state in the table the state role reaches.
@Suite(.serialized, .integration) struct CIAWSTemplateTests {
    static func pipeline(dev: String, prod: String, tooling: String, table: String) -> String {
        """
        import PipelineDescription
        let dev = Environment("dev", account: "\(dev)", region: "af-south-1", role: "bbws-deploy-dev")
        let sit = Environment("sit", account: "\(dev)", region: "eu-west-1", role: "bbws-deploy-sit")
        let prod = Environment("prod", account: "\(prod)", region: "af-south-1", role: "bbws-deploy-prod")
        let pipeline = Pipeline("ci", state: .dynamoDB(table: "\(table)", region: "us-east-1", role: "arn:aws:iam::\(tooling):role/pipeline-state")) {
            Stage("validation") { Shell("echo validating") }
            Deploy(dev, after: "validation") { ProvisionTables("schemas/dynamodb/*.json") }
            Deploy(sit, after: "dev") { ProvisionTables("schemas/dynamodb/*.json") }
            Deploy(prod, after: "sit") { ProvisionTables("schemas/dynamodb/*.json") }
        }
        """
    }

    static func account() -> String { String(format: "%06d%06d", Int.random(in: 100_000...999_999), Int.random(in: 0...999_999)) }

    @Test func theTemplatesRolesLetAGitHubJobDeployWithNoKeys() async throws {
        try PipelineBuild.require()
        let server = try await LocalAWSServer.shared()
        let (dev, prod, tooling) = (Self.account(), Self.account(), Self.account())
        let table = "ci-state-\(UUID().uuidString.prefix(8).lowercased())"
        let repository = try TemporaryGitRepository()
        var files = try ProvisionTablesEndToEndTests.exampleTables()
        files["pipelines/deploy.swift"] = Self.pipeline(dev: dev, prod: prod, tooling: tooling, table: table)
        _ = try repository.commit("ci", files: files)
        let output = try TemporaryDirectory()
        let cli = CommandLineRunner(workingDirectory: repository.url, environment: server.environment.merging(["PIPELINE_STATE": ""]) { $1 })

        let wrote = try await cli.pipeline(["ci", "aws", "pipelines/deploy.swift", "--repository", "bbws/infra", "--ids", "123456/456789",
                                            "--output", output.url.path])
        #expect(wrote.status == 0, "\(wrote)")
        var templates: [String: [String: Any]] = [:]
        for account in [dev, prod, tooling] {
            let data = try Data(contentsOf: output.url.appendingPathComponent("pipeline-aws-\(account).json"))
            templates[account] = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        func resources(_ account: String) -> [String: [String: Any]] {
            (templates[account]?["Resources"] as? [String: [String: Any]]) ?? [:]
        }
        func properties(_ account: String, _ id: String) -> [String: Any] { resources(account)[id]?["Properties"] as? [String: Any] ?? [:] }

        // dev's role trusts the repository's jobs in both subject forms, on main or in its GitHub environment.
        let trust = try #require(properties(dev, "RoleDev")["AssumeRolePolicyDocument"] as? [String: Any])
        let statement = try #require((trust["Statement"] as? [[String: Any]])?.first)
        let condition = try #require(statement["Condition"] as? [String: [String: Any]])
        #expect(condition["StringEquals"]?["token.actions.githubusercontent.com:aud"] as? String == "sts.amazonaws.com")
        #expect(Set(condition["StringLike"]?["token.actions.githubusercontent.com:sub"] as? [String] ?? []) == [
            "repo:bbws/infra:ref:refs/heads/main", "repo:bbws/infra:environment:dev",
            "repo:bbws@123456/infra@456789:ref:refs/heads/main", "repo:bbws@123456/infra@456789:environment:dev",
        ])
        #expect(Set(resources(dev).keys) == ["GitHubActionsOIDCProvider", "RoleDev", "RoleSit"])
        #expect(Set(resources(prod).keys) == ["GitHubActionsOIDCProvider", "RoleProd"])
        #expect(Set(resources(tooling).keys) == ["GitHubActionsOIDCProvider", "StateRole", "StateTable"])
        let stateTable = properties(tooling, "StateTable")
        #expect(stateTable["TableName"] as? String == table)
        #expect((stateTable["KeySchema"] as? [[String: String]])?.map { $0["AttributeName"] ?? "" } == ["pk", "sk"])

        // Made in moto from the templates' own documents (moto checks their syntax).
        for account in [dev, prod, tooling] {
            let provider = try await server.createOIDCProvider(account: account)
            for (id, resource) in resources(account) where resource["Type"] as? String == "AWS::IAM::Role" {
                let role = properties(account, id)
                let trustText = try Self.text(role["AssumeRolePolicyDocument"] ?? [:]).replacingOccurrences(
                    of: #"{"Fn::GetAtt":["GitHubActionsOIDCProvider","Arn"]}"#, with: "\"\(provider)\"")
                let policy = try #require((role["Policies"] as? [[String: Any]])?.first?["PolicyDocument"])
                try await server.createRole(name: try #require(role["RoleName"] as? String), account: account, trustPolicy: trustText,
                                            policy: try Self.text(policy))
            }
        }
        // The state table as the template declares it is the table `state init` makes.
        let initialized = try await cli.pipeline(["state", "init", "--state",
                                                  "dynamodb://\(table)?region=us-east-1&role=arn:aws:iam::\(tooling):role/pipeline-state"])
        #expect(initialized.status == 0, "\(initialized)")

        // A GitHub Actions job: an OIDC token endpoint and no keys at all.
        let tokens = try LoopbackHTTPServer(handler: TestOIDCIssuer(repository: "bbws/infra").githubActionsHandler(requestToken: "job-token"))
        var job = cli
        for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] { job.environment.removeValue(forKey: name) }
        job.environment["ACTIONS_ID_TOKEN_REQUEST_URL"] = tokens.baseURL.appendingPathComponent("token").absoluteString + "?api-version=2.0"
        job.environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "job-token"
        job.environment["GITHUB_ACTIONS"] = "true"
        let run = try await job.pipeline(["run", "pipelines/deploy.swift"])
        #expect(run.status == 0, "\(run)")
        let runs = try await job.pipeline(["runs", "--state", "dynamodb://\(table)?region=us-east-1&role=arn:aws:iam::\(tooling):role/pipeline-state"])
        #expect(runs.stdout.contains("succeeded"), "the run's state is in the template's table, through the state role: \(runs)")
    }

    @Test func aPipelineWhoseStateStaysOnTheMachineIsRefused() async throws {
        try PipelineBuild.require()
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("local", files: ["pipelines/deploy.swift": """
            import PipelineDescription
            let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev")
            let pipeline = Pipeline("local") { Deploy(dev) { Shell("echo deploy") } }
            """])
        let refused = try await CommandLineRunner(workingDirectory: repository.url)
            .pipeline(["ci", "aws", "pipelines/deploy.swift", "--repository", "bbws/infra"])
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("keeps its run state in the local default"), "\(refused)")
        #expect(refused.stderr.contains("pipeline state init"), "\(refused)")
        let badRepository = try await CommandLineRunner(workingDirectory: repository.url)
            .pipeline(["ci", "aws", "pipelines/deploy.swift", "--repository", "not a repository"])
        #expect(badRepository.status == 64 && badRepository.stderr.contains("is not OWNER/NAME"), "\(badRepository)")
    }

    static func text(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
}
