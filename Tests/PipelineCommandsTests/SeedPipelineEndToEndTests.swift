import AWS
import Crypto
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The repository's own `pipelines/deploy.swift` over `examples/`, through the `pipeline` binary,
/// against moto over TLS (the bucket policy denies requests without TLS, as on AWS): three
/// accounts, approvals, every resource read back; a no-change re-run writes nothing; one changed
/// template is one upload per environment; drift made by hand is planned exactly; SIT's smoke
/// test catching a defect rolls every object back to its previous version id.
@Suite(.serialized, .integration) struct SeedPipelineEndToEndTests {
    struct Seed {
        let server: LocalAWSServer
        let repository: TemporaryGitRepository
        let cli: CommandLineRunner
        let accounts: [String: String]
        let suffix: String

        func bucket(_ environment: String) -> String { "bbws-templates-\(environment)-\(suffix)" }

        func credentials(_ environment: String) throws -> EnvironmentCredentials {
            try EnvironmentCredentials(environment: environment, roleARN: "arn:aws:iam::\(accounts[environment]!):role/bbws-deploy-\(environment)",
                                       region: "af-south-1", runID: "test", processEnvironment: server.environment)
        }

        func s3(_ environment: String, region: String? = nil) throws -> S3Client {
            var configuration = try credentials(environment).configuration()
            if let region { configuration.region = region }
            return S3Client(configuration: configuration)
        }

        func dynamo(_ environment: String) throws -> DynamoDBClient { DynamoDBClient(configuration: try credentials(environment).configuration()) }

        func file(_ path: String) throws -> Data { try Data(contentsOf: repository.url.appendingPathComponent(path)) }
    }

    static let seedAccounts = ["dev": "536580886816", "sit": "815856636111", "prod": "093646564004"]

    func seed() async throws -> Seed {
        try PipelineBuild.require()
        let server = try await LocalAWSServer.shared(tls: true)
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        var accounts: [String: String] = [:]
        let repository = try TemporaryGitRepository()
        var pipeline = try String(contentsOf: PipelineBuild.packageRoot.appendingPathComponent("pipelines/deploy.swift"), encoding: .utf8)
        for (environment, account) in Self.seedAccounts {
            let fresh = String(format: "%06d%06d", Int.random(in: 100_000...999_999), Int.random(in: 0...999_999))
            accounts[environment] = fresh
            pipeline = pipeline.replacingOccurrences(of: account, with: fresh)
        }
        pipeline = pipeline.replacingOccurrences(of: "\"bbws-templates-\\(environment.name)\"", with: "\"bbws-templates-\\(environment.name)-\(suffix)\"")
        var files: [String: String?] = ["pipelines/deploy.swift": pipeline, "approvers/allowed_signers": try ApproverKeys.seed.allowedSigners()]
        let examples = PipelineBuild.packageRoot.appendingPathComponent("examples")
        for folder in ["schemas", "templates"] {
            let base = examples.appendingPathComponent(folder)
            let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard !url.hasDirectoryPath else { continue }
                let relative = "examples/\(folder)/" + url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)
                files[relative] = try String(contentsOf: url, encoding: .utf8)
            }
        }
        _ = try repository.commit("the seed", files: files)
        return Seed(server: server, repository: repository, cli: CommandLineRunner(workingDirectory: repository.url, environment: server.environment),
                    accounts: accounts, suffix: suffix)
    }

    static let gates: [(stage: String, approvals: [(role: String, who: String)])] = [
        ("dev", [("Lead Developer", "lead@bbws.example")]),
        ("sit", [("Tech Lead", "lead@bbws.example"), ("QA Lead", "qa@bbws.example")]),
        ("prod", [("Tech Lead", "lead@bbws.example"), ("Product Owner", "po@bbws.example"), ("DevOps Lead", "ops@bbws.example")]),
    ]

    /// Runs the pipeline, approving each gate as the demo's approvers do, up to `until` (a stage
    /// whose resume ends the run). Returns the run id and the last invocation's output.
    func deploy(_ seed: Seed, until last: String = "prod", finalStatus: Int32 = 0) async throws -> (run: String, output: CommandLineRunner.Output) {
        let started = try await seed.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(started.status == 4, "\(started)")
        let run = String(try #require(started.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/)).1)
        var output = started
        for gate in Self.gates {
            for approval in gate.approvals {
                let approved = try await seed.cli.pipeline(["approve", run, "--stage", gate.stage, "--role", approval.role,
                                                           "--key", ApproverKeys.seed.key(approval.who)])
                #expect(approved.status == 0, "\(approved)")
            }
            output = try await seed.cli.pipeline(["resume", run])
            if gate.stage == last {
                #expect(output.status == finalStatus, "\(output)")
                break
            }
            #expect(output.status == 4, "\(output)")
        }
        return (run, output)
    }

    /// The AWS calls of every invocation of `run`, summed from its `awsCalls` events.
    func calls(_ seed: Seed, run: String) throws -> [String: Int] {
        let events = try String(contentsOf: seed.repository.url.appendingPathComponent(".pipeline/runs/\(run)/events.jsonl"), encoding: .utf8)
        var totals: [String: Int] = [:]
        for line in events.split(separator: "\n") {
            guard let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], event["kind"] as? String == "awsCalls",
                  let details = event["details"] as? [String: String] else { continue }
            for (key, value) in details { totals[key, default: 0] += Int(value) ?? 0 }
        }
        return totals
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test func deployedForRealThenANoChangeRerunWritesNothingAndOneTemplateIsOneUploadPerEnvironment() async throws {
        let seed = try await seed()
        let (run, _) = try await deploy(seed)
        #expect(try calls(seed, run: run)["kind.write", default: 0] > 0)
        // The team's cost-estimate module: its figure in each environment's saved plan (shown at
        // the gate) and its table in the run summary once the environment is deployed.
        let folder = seed.repository.url.appendingPathComponent(".pipeline/runs/\(run)")
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        let events = try String(contentsOf: folder.appendingPathComponent("events.jsonl"), encoding: .utf8).split(separator: "\n")
        for (environment, figure) in [("dev", "about $65"), ("sit", "about $130"), ("prod", "about $850–2,100")] {
            #expect(summary.contains("note: monthly cost: \(figure)"), "\(environment)'s plan: \(summary)")
            let table = try #require(events.first { $0.contains("\"kind\":\"stepSummary\"") && $0.contains("\"stage\":\"\(environment)\"") && $0.contains("\"step\":\"cost-estimate\"") })
            #expect(table.contains("| **total** | **\(figure)** |"), "\(environment): \(table)")
        }
        // The last invocation's summary (prod deployed) holds prod's table, as a table, and the
        // tables of the invocations before it (dev and sit deployed before their resumes): the
        // whole run.
        #expect(summary.contains("#### prod / cost-estimate\n\n| prod monthly cost (estimate) | low–high traffic |\n|---|---|\n"), "\(summary)")
        for environment in ["dev", "sit"] {
            #expect(summary.contains("#### \(environment) / cost-estimate\n\n| \(environment) monthly cost (estimate)"), "\(summary)")
        }

        let templates = try seed.repository.git("ls-files", "examples/templates").split(separator: "\n").map(String.init)
        #expect(templates.count == 13)
        for (environment, days) in [("dev", 30), ("sit", 60), ("prod", 90)] {
            let dynamo = try seed.dynamo(environment)
            #expect(Set(try await dynamo.listTables()) == ["tenants", "products", "campaigns"])
            #expect(try await dynamo.describeTable("campaigns").tableStatus == "ACTIVE")
            let s3 = try seed.s3(environment), bucket = seed.bucket(environment)
            #expect(try await s3.getBucketVersioning(bucket) == "Enabled")
            #expect(try await s3.getBucketEncryption(bucket)?.algorithm == "AES256")
            let block = try #require(try await s3.getPublicAccessBlock(bucket))
            #expect(block.blockPublicAcls && block.ignorePublicAcls && block.blockPublicPolicy && block.restrictPublicBuckets)
            #expect(try await s3.getBucketPolicy(bucket)?.contains("aws:SecureTransport") == true)
            #expect(try await s3.getBucketLifecycle(bucket).first?.noncurrentVersionExpirationDays == days)
            let tags = try await s3.getBucketTagging(bucket)
            #expect(tags["Environment"] == environment && tags.count == 7, "\(tags)")
            for path in templates {
                let key = String(path.dropFirst("examples/templates/".count))
                let info = try await s3.headObject(bucket: bucket, key: key)
                #expect(info.metadata["content-sha256"] == Self.sha256(try seed.file(path)), "\(environment) \(key)")
                #expect(info.contentType == (key.hasSuffix(".json") ? "application/json" : "text/html; charset=utf-8"))
            }
        }
        let replication = try #require(try await seed.s3("prod").getBucketReplication(seed.bucket("prod")))
        #expect(replication.rules.first?.destinationBucketARN == "arn:aws:s3:::\(seed.bucket("prod"))-eu-west-1")
        let disasterRecovery = try seed.s3("prod", region: "eu-west-1")
        #expect(try await disasterRecovery.getBucketVersioning("\(seed.bucket("prod"))-eu-west-1") == "Enabled")

        let (rerun, _) = try await deploy(seed)
        let rerunCalls = try calls(seed, run: rerun)
        #expect(rerunCalls["kind.write", default: -1] == 0, "a no-change re-run writes nothing: \(rerunCalls)")

        let template = "examples/templates/receipts/payment_received.html"
        let text = try String(decoding: seed.file(template), as: UTF8.self)
        _ = try seed.repository.commit("receipt wording", files: [template: text.replacingOccurrences(of: "</body>", with: "<!-- v2 -->\n</body>")])
        let (changed, _) = try await deploy(seed)
        let changedCalls = try calls(seed, run: changed)
        #expect(changedCalls["S3.PutObject"] == 3, "one upload per environment: \(changedCalls)")
        #expect(changedCalls["kind.write"] == 3, "\(changedCalls)")
    }

    @Test func driftMadeByHandIsPlannedExactly() async throws {
        let seed = try await seed()
        _ = try await deploy(seed)
        let clean = try await seed.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "prod", "--detailed-exitcode"])
        #expect(clean.status == 0, "\(clean)")

        let dynamo = try seed.dynamo("prod"), s3 = try seed.s3("prod"), bucket = seed.bucket("prod")
        let arn = try #require(try await dynamo.describeTable("tenants").tableARN)
        try await dynamo.tagResource(arn: arn, tags: [DynamoDBTag("Hotfix", "by-hand")])
        var lifecycle = try await s3.getBucketLifecycle(bucket)
        lifecycle[0].noncurrentVersionExpirationDays = 7
        try await s3.putBucketLifecycle(bucket, rules: lifecycle)
        _ = try await s3.putObject(bucket: bucket, key: "receipts/refund_processed.html", body: Data("<html>edited in the console</html>".utf8),
                                   contentType: "text/html; charset=utf-8")

        let drift = try await seed.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "prod", "--detailed-exitcode"])
        #expect(drift.status == 2, "\(drift)")
        for line in ["~ dynamodb.table tenants", "- tags.Hotfix: \"by-hand\" → (none)", "~ s3.bucket \(bucket)",
                     "~ s3.object receipts/refund_processed.html", "Plan: 0 to add, 3 to change, 0 to destroy."] {
            #expect(drift.stdout.contains(line), "missing \(line) in\n\(drift.stdout)")
        }
        #expect(drift.stdout.contains("lifecycle"), "\(drift.stdout)")
    }

    @Test func sitsSmokeTestFailureRollsEveryObjectBackToItsPreviousVersion() async throws {
        let seed = try await seed()
        _ = try await deploy(seed)
        let s3 = try seed.s3("sit"), bucket = seed.bucket("sit")
        func latest() async throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try await s3.listObjectVersions(bucket: bucket).filter(\.isLatest).map { ($0.key, $0.versionID) })
        }
        let before = try await latest()
        #expect(before.count == 13)

        let template = "examples/templates/marketing/welcome_email.html"
        let text = try String(decoding: seed.file(template), as: UTF8.self)
        let defect = "<p><a href=\"https://dev-portal.bbws.example/tour\">Take the tour</a></p>\n</body>"
        _ = try seed.repository.commit("welcome tour", files: [template: text.replacingOccurrences(of: "</body>", with: defect)])
        let (run, output) = try await deploy(seed, until: "sit", finalStatus: 3)
        #expect(output.stdout.contains("welcome_email.html links to dev-portal.bbws.example"), "\(output.stdout)")
        #expect(try await latest() == before, "every object is back at its previous version id")
        let devKey = try await seed.s3("dev").headObject(bucket: seed.bucket("dev"), key: "marketing/welcome_email.html")
        #expect(devKey.metadata["content-sha256"] == Self.sha256(try seed.file(template)), "dev kept the change")
        let status = try await seed.cli.pipeline(["status", run])
        #expect(status.stdout.contains("sit: rolledBack"), "\(status.stdout)")
    }
}
