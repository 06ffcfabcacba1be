import Foundation
import PipelineTesting
import Testing

/// A step's processes get their environment's temporary credentials (as configure-aws-credentials
/// sets them) and act in that environment's account; never the runner's own keys.
struct StepCredentialsTests {
    @Test func processesActInTheirEnvironmentsAccountNeverWithTheRunnersKeys() async throws {
        try PipelineBuild.require()
        let server = try await LocalAWSServer.shared()
        let account = String(format: "%06d%06d", Int.random(in: 100_000...999_999), Int.random(in: 0...999_999))
        let whoAmI = "python3 -c \\\"import boto3; print('account', boto3.client('sts').get_caller_identity()['Account'])\\\""
        let pipeline = """
            import PipelineDescription
            let dev = Environment("dev", account: "\(account)", region: "af-south-1", role: "bbws-deploy-dev")
            let pipeline = Pipeline("credentials") {
                Stage("validation") { Shell("test -z \\"$AWS_ACCESS_KEY_ID\\" && test -z \\"$AWS_SECRET_ACCESS_KEY\\" && echo no-keys-outside-deploys") }
                Deploy(dev, after: "validation") {
                    Shell("test \\"$AWS_ACCESS_KEY_ID\\" != testing && test -n \\"$AWS_SESSION_TOKEN\\" && test \\"$AWS_REGION\\" = af-south-1 && echo temporary-keys")
                    Shell("\(whoAmI)")
                }
            }
            """
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("pipeline", files: ["pipelines/deploy.swift": pipeline])
        let cli = CommandLineRunner(workingDirectory: repository.url, environment: server.environment)
        let run = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("│ no-keys-outside-deploys"))
        #expect(run.stdout.contains("│ temporary-keys"))
        #expect(run.stdout.contains("│ account \(account)"), "the step acted in dev's account: \(run.stdout)")
        #expect(!run.stdout.contains(server.environment["AWS_SECRET_ACCESS_KEY"].map { "=\($0)" } ?? "-"))
    }
}
