import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The shared state on DynamoDB through the real binary, against moto: `state init`, a run from
/// one checkout, and `runs`/`status` from a second checkout (another machine's view).
@Suite(.integration) struct DynamoDBStateTests {
    static func pipeline(state: String = "") -> String {
        """
        import PipelineDescription
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev")
        let pipeline = Pipeline("shared"\(state)) {
            Stage("validation") { Shell("echo validating") }
            Deploy(dev, after: "validation") { Shell("echo deploying") }
        }
        """
    }

    func checkout(_ server: LocalAWSServer, pipeline: String = Self.pipeline()) throws -> (TemporaryGitRepository, CommandLineRunner) {
        try PipelineBuild.require()
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("first", files: ["pipelines/deploy.swift": pipeline])
        var environment = server.environment
        environment["PIPELINE_STATE"] = ""
        return (repository, CommandLineRunner(workingDirectory: repository.url, environment: environment))
    }

    static func table() -> String { "pipeline-state-\(UUID().uuidString.prefix(8).lowercased())" }

    /// The run ids `pipeline runs` lists, newest first.
    static func runIDs(_ output: CommandLineRunner.Output) -> [String] {
        output.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    @Test func aRunFromOneCheckoutIsSeenFromAnother() async throws {
        let server = try await LocalAWSServer.shared()
        let state = "dynamodb://\(Self.table())?region=us-east-1"
        let (first, cli) = try checkout(server)
        let created = try await cli.pipeline(["state", "init", "--state", state, "--tag", "Team=platform"])
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout.contains("created table"), "\(created)")
        #expect(created.stdout.contains("turned point-in-time recovery on"), "\(created)")
        let again = try await cli.pipeline(["state", "init", "--state", state])
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("already exists"), "\(again)")
        #expect(again.stdout.contains("point-in-time recovery is on"), "\(again)")

        let run = try await cli.pipeline(["run", "pipelines/deploy.swift", "--state", state])
        #expect(run.status == 0, "\(run)")
        #expect(!FileManager.default.fileExists(atPath: first.url.appendingPathComponent(".pipeline/pipeline.sqlite").path),
                "the run's state went to a local SQLite file")
        let ids = Self.runIDs(try await cli.pipeline(["runs", "--state", state]))
        let id = try #require(ids.first)
        #expect(ids.count == 1)
        defer { withExtendedLifetime(first) {} }

        // Another checkout (another machine), the same state through PIPELINE_STATE.
        let (second, elsewhere) = try checkout(server)
        var shared = elsewhere
        shared.environment["PIPELINE_STATE"] = state
        let runs = try await shared.pipeline(["runs"])
        #expect(runs.status == 0, "\(runs)")
        #expect(Self.runIDs(runs) == [id])
        #expect(runs.stdout.contains("succeeded"), "\(runs)")
        let status = try await elsewhere.pipeline(["status", id, "--state", state])
        #expect(status.status == 0, "\(status)")
        #expect(status.stdout.contains("run \(id)  shared  succeeded"), "\(status)")
        #expect(status.stdout.contains("dev"), "\(status)")
        // Its own local state knows nothing of it.
        let local = try await elsewhere.pipeline(["runs"])
        #expect(local.status != 0, "\(local)")
        withExtendedLifetime(second) {}
    }

    @Test func thePipelineFileCanNameTheStateAndFlagsOverrideIt() async throws {
        let server = try await LocalAWSServer.shared()
        let table = Self.table()
        let state = "dynamodb://\(table)?region=us-east-1"
        let (repository, cli) = try checkout(server, pipeline: Self.pipeline(state: ", state: .dynamoDB(table: \"\(table)\", region: \"us-east-1\")"))
        let missing = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(missing.status != 0, "\(missing)")
        #expect(missing.stderr.contains("pipeline state init --state dynamodb://\(table)?region=us-east-1"), "\(missing)")
        #expect(try await cli.pipeline(["state", "init", "--state", state]).status == 0)
        let run = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(run.status == 0, "\(run)")
        #expect(Self.runIDs(try await cli.pipeline(["runs", "--state", state])).count == 1)
        // --state wins over the file: this run goes to the local store.
        let local = try await cli.pipeline(["run", "pipelines/deploy.swift", "--state", ".pipeline"])
        #expect(local.status == 0, "\(local)")
        #expect(Self.runIDs(try await cli.pipeline(["runs", "--state", state])).count == 1)
        #expect(Self.runIDs(try await cli.pipeline(["runs", "--state", ".pipeline"])).count == 1)
        withExtendedLifetime(repository) {}
    }

    @Test func aBadLocationIsRefusedNamingTheSetting() async throws {
        let server = try await LocalAWSServer.shared()
        let (repository, cli) = try checkout(server)
        defer { withExtendedLifetime(repository) {} }
        let region = try await cli.pipeline(["state", "init", "--state", "dynamodb://pipeline-state?region=af-sout-1"])
        #expect(region.status == 64, "\(region)")
        #expect(region.stderr.contains("unknown region 'af-sout-1'; did you mean af-south-1?"), "\(region)")
        let noLocation = try await cli.pipeline(["state", "init"])
        #expect(noLocation.status == 64, "\(noLocation)")
        #expect(noLocation.stderr.contains("--state dynamodb://TABLE?region=REGION"), "\(noLocation)")
    }
}
