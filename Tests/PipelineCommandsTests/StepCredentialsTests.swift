import Foundation
import PipelineTesting
import TestTiers
import Testing

/// A step's processes get their environment's temporary credentials (as configure-aws-credentials
/// sets them) and act in that environment's account; never the runner's own keys.
@Suite(.integration) struct StepCredentialsTests {
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
                    Custom("whoami")
                }
            }
            """
        // A team's module (step protocol 2, from the repository's steps/) gets the same credentials.
        let module = """
            #!/usr/bin/env python3
            import json, os, sys
            request = json.load(sys.stdin)
            if sys.argv[1] == "describe":
                os.write(3, json.dumps({"handshake": "pipeline-step", "protocol": 2, "name": "whoami", "version": "1.0.0",
                                        "summary": "says who it acts as", "requiresEnvironment": True}).encode())
                sys.exit(0)
            if sys.argv[1] == "apply":
                import boto3
                identity = boto3.client("sts").get_caller_identity()
                print("module acts in", identity["Account"], "in", os.environ["AWS_REGION"], "for", request["environment"]["account"], flush=True)
            os.write(3, json.dumps({"protocol": 2}).encode())
            """
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("pipeline", files: ["pipelines/deploy.swift": pipeline])
        try repository.write("steps/pipeline-step-whoami", module)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repository.url.appendingPathComponent("steps/pipeline-step-whoami").path)
        _ = try repository.commit("whoami", files: [:])
        let cli = CommandLineRunner(workingDirectory: repository.url, environment: server.environment)
        let run = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("│ no-keys-outside-deploys"))
        #expect(run.stdout.contains("│ temporary-keys"))
        #expect(run.stdout.contains("│ account \(account)"), "the step acted in dev's account: \(run.stdout)")
        #expect(run.stdout.contains("│ module acts in \(account) in af-south-1 for \(account)"), "the module too: \(run.stdout)")
        #expect(!run.stdout.contains(server.environment["AWS_SECRET_ACCESS_KEY"].map { "=\($0)" } ?? "-"))
    }
}
