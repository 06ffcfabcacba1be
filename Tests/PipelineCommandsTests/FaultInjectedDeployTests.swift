import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The seed's pipeline (`pipelines/deploy.swift` over `examples/`) deployed for real by the
/// `pipeline` binary to three environments in three accounts, through a fault-injecting proxy:
///
///     runner --HTTP--> FaultInjectingProxy --HTTP--> TLSForwarder --TLS--> moto (TLS mode)
///
/// so moto sees TLS (the template buckets' deny-without-TLS policy is in force) while the proxy
/// reads, counts and faults every call. One deploy meets 20% seeded faults and must end exactly
/// as a deploy without faults; another meets a stalled `S3.PutObject` that the transport's
/// timeouts must bound.
@Suite(.serialized, .integration) struct FaultInjectedDeployTests {
    /// Accounts and a bucket-name tag of one deploy's own, so deploys sharing one moto never collide.
    struct Identity {
        let dev = Self.account(), sit = Self.account(), prod = Self.account()
        let tag = String(UUID().uuidString.lowercased().prefix(8))
        static func account() -> String { String(format: "%06d%06d", Int.random(in: 100_000...999_999), Int.random(in: 0...999_999)) }
        var environments: [(name: String, account: String)] { [("dev", dev), ("sit", sit), ("prod", prod)] }
        func bucket(_ environment: String) -> String { "bbws-templates-\(tag)-\(environment)" }
    }

    /// One deploy: its repository (the seed's files, rewritten for `identity`) and a runner.
    struct Deployment {
        let identity: Identity
        let repository: TemporaryGitRepository
        let cli: CommandLineRunner
        let commit: String
    }

    /// The seed's account ids, as `pipelines/deploy.swift` declares them.
    static let seedAccounts = ["dev": "536580886816", "sit": "815856636111", "prod": "093646564004"]

    /// The repository's `pipelines/deploy.swift`, with `identity`'s accounts and bucket names.
    static func pipelineFile(for identity: Identity) throws -> String {
        var text = try String(contentsOf: PipelineBuild.packageRoot.appendingPathComponent("pipelines/deploy.swift"), encoding: .utf8)
        for (name, account) in identity.environments {
            let seed = try #require(seedAccounts[name])
            #expect(text.contains("\"\(seed)\""), "pipelines/deploy.swift still declares \(name)'s account \(seed)")
            text = text.replacingOccurrences(of: "\"\(seed)\"", with: "\"\(account)\"")
        }
        let bucket = "\"bbws-templates-\\(environment.name)\""
        #expect(text.components(separatedBy: bucket).count == 3, "pipelines/deploy.swift names its buckets \(bucket) twice")
        return text.replacingOccurrences(of: bucket, with: "\"bbws-templates-\(identity.tag)-\\(environment.name)\"")
    }

    /// Every file the seed's pipeline reads: the table definitions, the templates and the schemas.
    static func seedFiles() throws -> [String: String?] {
        var files: [String: String?] = [:]
        let root = PipelineBuild.packageRoot
        for folder in ["examples/schemas", "examples/templates", "schemas"] {
            let base = root.appendingPathComponent(folder)
            let enumerator = try #require(FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]))
            for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
                files[relative] = try String(contentsOf: url, encoding: .utf8)
            }
        }
        #expect(files.keys.filter { $0.hasPrefix("examples/templates/") }.count == 13, "12 templates and their manifest")
        files["approvers/allowed_signers"] = try ApproverKeys.seed.allowedSigners()
        return files
    }

    func deployment(endpoint: URL?, server: LocalAWSServer) throws -> Deployment {
        let identity = Identity()
        let repository = try TemporaryGitRepository()
        var files = try Self.seedFiles()
        files["pipelines/deploy.swift"] = try Self.pipelineFile(for: identity)
        let commit = try repository.commit("BBWS infrastructure: tables and email templates", files: files)
        var environment = server.environment
        if let endpoint {
            environment["AWS_ENDPOINT_URL"] = endpoint.absoluteString
            // With one call in five faulted, five attempts all fail for about one call in 3,000: a
            // deploy of ~700 calls would then fail one run in five. Ten attempts (AWS_MAX_ATTEMPTS,
            // as the SDKs read it) make that one in ten million per call.
            environment["AWS_MAX_ATTEMPTS"] = "10"
        }
        return Deployment(identity: identity, repository: repository,
                          cli: CommandLineRunner(workingDirectory: repository.url, environment: environment), commit: commit)
    }

    static func runID(_ output: CommandLineRunner.Output) throws -> String {
        String(try #require(output.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/), "no run id in \(output)").1)
    }

    /// run → dev gate → sit gate → prod gate → done, approving as `scripts/demo.sh` does.
    /// Returns the run id and every invocation's output.
    func deployAsTheDemo(_ cli: CommandLineRunner) async throws -> (run: String, outputs: [CommandLineRunner.Output]) {
        let first = try await cli.pipeline(["run", "pipelines/deploy.swift"], timeout: 120)
        #expect(first.status == 4, "paused at dev's gate: \(first)")
        let run = try Self.runID(first)
        var outputs = [first]
        let gates: [(stage: String, approvals: [(role: String, approver: String)], exit: Int32)] = [
            ("dev", [("Lead Developer", "lead@bbws.example")], 4),
            ("sit", [("Tech Lead", "lead@bbws.example"), ("QA Lead", "qa@bbws.example")], 4),
            ("prod", [("Tech Lead", "lead@bbws.example"), ("Product Owner", "po@bbws.example"), ("DevOps Lead", "ops@bbws.example")], 0),
        ]
        for gate in gates {
            for approval in gate.approvals {
                let approved = try await cli.pipeline(["approve", run, "--stage", gate.stage, "--role", approval.role,
                                                      "--key", ApproverKeys.seed.key(approval.approver)])
                #expect(approved.status == 0, "\(gate.stage) approval by \(approval.approver): \(approved)")
            }
            let resumed = try await cli.pipeline(["resume", run], timeout: 120)
            outputs.append(resumed)
            #expect(resumed.status == gate.exit, "resume after \(gate.stage)'s approvals: \(resumed)")
            if resumed.status != gate.exit { break }
        }
        return (run, outputs)
    }

    /// The run's events (`.pipeline/runs/<run>/events.jsonl`) of `kind`.
    static func events(_ deployment: Deployment, run: String, kind: String) throws -> [[String: Any]] {
        let url = deployment.repository.url.appendingPathComponent(".pipeline/runs/\(run)/events.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  event["kind"] as? String == kind else { return nil }
            return event
        }
    }

    /// Calls per operation and retries, summed over the run's `awsCalls` events (one per invocation).
    static func awsCalls(_ deployment: Deployment, run: String) throws -> (operations: [String: Int], retries: Int) {
        var operations: [String: Int] = [:]
        var retries = 0
        for event in try events(deployment, run: run, kind: "awsCalls") {
            for (name, value) in event["details"] as? [String: String] ?? [:] {
                if name == "retries" { retries += Int(value) ?? 0 }
                else if !name.hasPrefix("kind.") { operations[name, default: 0] += Int(value) ?? 0 }
            }
        }
        return (operations, retries)
    }

    /// 20% of calls faulted, seeded: every operation the runner makes may get a 500, a 503, its
    /// throttling answer or a connection reset. Idempotent calls are retried by the transport;
    /// the ones it never repeats blindly (CreateTable, UpdateTable, CreateBucket) are read again
    /// by their step, which converges from what took effect.
    static func twentyPercent(of operations: Set<String>) -> [FaultRule] {
        [.random([.internalError, .serviceUnavailable, .throttling, .connectionReset], probability: 0.2, operations: operations)]
    }

    @Test func theSeedsDeployThroughTwentyPercentFaultsEndsAsADeployWithout() async throws {
        try PipelineBuild.require()
        let server = try await LocalAWSServer.shared(tls: true)
        let forwarder = try await TLSForwarder.start(to: server)
        defer { forwarder.stop() }
        let started = Date()

        // The deploy without faults, straight to moto over TLS: the reference end state, and the
        // operations the runner makes (from its `awsCalls` events).
        let clean = try deployment(endpoint: nil, server: server)
        let cleanResult = try await deployAsTheDemo(clean.cli)
        #expect(cleanResult.outputs.last?.status == 0, "the deploy without faults completed")
        let operations = Set(try Self.awsCalls(clean, run: cleanResult.run).operations.keys)
        #expect(operations.isSuperset(of: ["STS.AssumeRole", "DynamoDB.CreateTable", "S3.CreateBucket", "S3.PutObject"]), "\(operations.sorted())")

        let proxy = try FaultInjectingProxy(upstream: forwarder.endpoint, rules: Self.twentyPercent(of: operations), seed: 20_261_201)
        defer { proxy.stop() }
        let faulted = try deployment(endpoint: proxy.endpoint, server: server)
        let faultedResult = try await deployAsTheDemo(faulted.cli)
        let elapsed = Date().timeIntervalSince(started)
        #expect(faultedResult.outputs.last?.status == 0, "the faulted deploy completed")

        let counts = proxy.counts
        let share = Double(counts.totalFaults) / Double(max(1, counts.total))
        let unseen = Set(counts.byOperation.keys).subtracting(operations)
        #expect(unseen.isEmpty, "the faulted deploy made no operation the clean one did not: \(unseen.sorted())")
        #expect(counts.total > 300, "the whole deploy went through the proxy: \(counts.total) calls")
        #expect((0.14...0.26).contains(share), "about 20% of calls were faulted: \(counts.totalFaults) of \(counts.total)")
        let calls = try Self.awsCalls(faulted, run: faultedResult.run)
        // The transport retries what it may; a fault on a call it never repeats blindly (CreateTable,
        // UpdateTable, CreateBucket) is recovered by its step reading the resource again instead.
        let recoveries = faultedResult.outputs.map { $0.stdout.components(separatedBy: "to see what took effect").count - 1
            + $0.stdout.components(separatedBy: "(outcome unknown; read again)").count - 1 }.reduce(0, +)
        #expect(calls.retries + recoveries >= counts.totalFaults,
                "every fault was retried or recovered: \(calls.retries) retries and \(recoveries) recoveries for \(counts.totalFaults) faults")
        #expect(elapsed < 110, "both deploys within \(Int(elapsed)) s")

        let expected = try await EndState.read(clean, server: server)
        let actual = try await EndState.read(faulted, server: server)
        #expect(expected.values.count > 150, "the clean deploy's end state was read back: \(expected.values.count) values")
        let differences = EndState.differences(expected, actual)
        #expect(differences.count == 0, "end state differs from the deploy without faults:\n\(differences.prefix(20).joined(separator: "\n"))")

        // moto really enforced the policy on what the runner sent: the same object over plain HTTP is refused.
        let denied = try await EndState.plainGet(faulted, server: server)
        #expect(denied == 403, "a plain-HTTP GetObject of a deployed template is denied by the bucket policy (got \(denied))")
    }

    @Test func anUnknownOutcomeOfCreateTableIsReadAgainAndTheDeployFinishes() async throws {
        try PipelineBuild.require()
        let server = try await LocalAWSServer.shared(tls: true)
        let forwarder = try await TLSForwarder.start(to: server)
        defer { forwarder.stop() }
        // The proxy answers the first CreateTable 500 without passing it on: the table was not made.
        let proxy = try FaultInjectingProxy(upstream: forwarder.endpoint, rules: [.nth(1, of: "DynamoDB.CreateTable", .internalError)])
        defer { proxy.stop() }
        let deployment = try deployment(endpoint: proxy.endpoint, server: server)
        let cli = deployment.cli
        let first = try await cli.pipeline(["run", "pipelines/deploy.swift"], timeout: 120)
        #expect(first.status == 4, "paused at dev's gate: \(first)")
        let run = try Self.runID(first)
        _ = try await cli.pipeline(["approve", run, "--stage", "dev", "--role", "Lead Developer", "--key", ApproverKeys.seed.key("lead@bbws.example")])
        let deployed = try await cli.pipeline(["resume", run], timeout: 120)
        #expect(deployed.status == 4, "dev deployed, paused at sit's gate: \(deployed)")
        #expect(deployed.stdout.contains("CreateTable"), "\(deployed.stdout)")
        #expect(deployed.stdout.contains("reading the table again to see what took effect (1 of 3)"), "says what it does: \(deployed.stdout)")
        #expect(proxy.count("DynamoDB.CreateTable") == 4, "the one without an answer was read again, found missing and made once more")
        let configuration = try EndState.configuration(deployment, environment: "dev", server: server)
        let dynamo = DynamoDBClient(configuration: configuration)
        #expect(try await dynamo.listTables().sorted() == ["campaigns", "products", "tenants"])
        for (table, indexes) in [("tenants", 3), ("products", 2), ("campaigns", 3)] {
            let description = try await dynamo.describeTable(table)
            #expect(description.tableStatus == "ACTIVE" && description.globalSecondaryIndexes?.count == indexes, "\(table)")
        }
    }

    @Test func aStalledPutObjectIsBoundedByTheTransportsTimeout() async throws {
        try PipelineBuild.require()
        let server = try await LocalAWSServer.shared(tls: true)
        let forwarder = try await TLSForwarder.start(to: server)
        defer { forwarder.stop() }
        // The proxy holds the call far longer than the runner's attempt timeout (20 s): only the
        // runner's own timeout can end the wait.
        let proxy = try FaultInjectingProxy(upstream: forwarder.endpoint, rules: [.nth(1, of: "S3.PutObject", .stall)],
                                            stallLimit: 300)
        defer { proxy.stop() }
        let deployment = try deployment(endpoint: proxy.endpoint, server: server)
        let cli = deployment.cli
        let first = try await cli.pipeline(["run", "pipelines/deploy.swift"], timeout: 120)
        #expect(first.status == 4, "paused at dev's gate: \(first)")
        let run = try Self.runID(first)
        let approved = try await cli.pipeline(["approve", run, "--stage", "dev", "--role", "Lead Developer", "--key", ApproverKeys.seed.key("lead@bbws.example")])
        #expect(approved.status == 0, "\(approved)")

        let resumed = try cli.start(["resume", run])
        let stalled = await proxy.waitForStall(timeout: 90)
        #expect(stalled?.operation == "S3.PutObject", "the first PutObject was held")
        let stalledAt = Date()
        let output = try await resumed.finish(timeout: 120)
        let afterStall = Date().timeIntervalSince(stalledAt)
        #expect(output.status == 4, "dev deployed (the held upload retried), paused at sit's gate: \(output)")
        #expect(afterStall < 50, "the resume ended \(Int(afterStall)) s after the stall began (attempt timeout 20 s)")
        #expect(proxy.stalledCalls.count == 1, "the held call is still held by the proxy: the runner gave up on it by itself")

        let publish = try Self.events(deployment, run: run, kind: "stepFinished")
            .first { $0["stage"] as? String == "dev" && $0["step"] as? String == "publish-templates" }
        let publishStatus = publish?["status"] as? String
        let duration = Double(publish?["durationMs"] as? Int ?? -1) / 1000
        #expect(publishStatus == "succeeded", "dev's publish-templates: \(String(describing: publish))")
        #expect((15...45).contains(duration), "publish-templates waited out one attempt timeout, then finished: \(duration) s")
        let calls = try Self.awsCalls(deployment, run: run)
        #expect(calls.retries >= 1, "the held upload was retried")
        #expect(proxy.count("S3.PutObject") == 14, "13 uploads in dev and one repeat: \(proxy.count("S3.PutObject"))")

        let s3 = try EndState.s3(deployment, environment: "dev", server: server)
        let objects = try await s3.listAllObjects(bucket: deployment.identity.bucket("dev"))
        #expect(objects.count == 13, "every template and the manifest are in dev's bucket: \(objects.map(\.key))")
    }
}

extension FaultInjectedDeployTests {
    /// What a deploy left in its three accounts, read back through the AWS clients over TLS, as
    /// text per resource and setting, with the deploy's own accounts, bucket tag and commit
    /// replaced by placeholders (so two deploys compare equal when they made the same things).
    struct EndState {
        var values: [String: String] = [:]

        /// Entries that differ between two end states (missing on either side, or changed).
        static func differences(_ expected: EndState, _ actual: EndState) -> [String] {
            Set(expected.values.keys).union(actual.values.keys).sorted().compactMap { key in
                let (want, got) = (expected.values[key], actual.values[key])
                return want == got ? nil : "\(key):\n  without faults: \(want ?? "absent")\n  with faults:    \(got ?? "absent")"
            }
        }

        static func configuration(_ deployment: Deployment, environment: String, server: LocalAWSServer,
                                  processEnvironment: [String: String]? = nil) throws -> AWSConfiguration {
            let account = try #require(deployment.identity.environments.first { $0.name == environment }).account
            let credentials = try EnvironmentCredentials(
                environment: environment, roleARN: "arn:aws:iam::\(account):role/bbws-deploy-\(environment)",
                region: "af-south-1", runID: "end-state", processEnvironment: processEnvironment ?? server.environment)
            return credentials.configuration()
        }

        static func s3(_ deployment: Deployment, environment: String, server: LocalAWSServer) throws -> S3Client {
            S3Client(configuration: try configuration(deployment, environment: environment, server: server))
        }

        /// The HTTP status of a GetObject of dev's manifest over moto's plain HTTP listener.
        static func plainGet(_ deployment: Deployment, server: LocalAWSServer) async throws -> Int {
            var plain = server.environment
            plain["AWS_ENDPOINT_URL"] = server.plainEndpoint.absoluteString
            plain.removeValue(forKey: "AWS_CA_BUNDLE")
            var configuration = try configuration(deployment, environment: "dev", server: server, processEnvironment: plain)
            configuration.transport = AWSTransport(credentials: configuration.transport.credentials, retry: .none)
            do {
                _ = try await S3Client(configuration: configuration).getObject(bucket: deployment.identity.bucket("dev"), key: "manifest.json")
                return 200
            } catch let error as AWSError {
                return error.status
            }
        }

        static func read(_ deployment: Deployment, server: LocalAWSServer) async throws -> EndState {
            var state = EndState()
            for (environment, _) in deployment.identity.environments {
                let configuration = try configuration(deployment, environment: environment, server: server)
                try await state.readTables(DynamoDBClient(configuration: configuration), environment)
                try await state.readBucket(S3Client(configuration: configuration), deployment.identity.bucket(environment), environment)
                if environment == "prod" {
                    var disasterRecovery = configuration
                    disasterRecovery.region = "eu-west-1"
                    try await state.readBucket(S3Client(configuration: disasterRecovery), deployment.identity.bucket(environment) + "-eu-west-1",
                                               "prod-dr")
                }
            }
            var replacements = [(deployment.commit, "<commit>"), (deployment.identity.tag, "<tag>")]
            for (environment, account) in deployment.identity.environments { replacements.append((account, "<\(environment)-account>")) }
            var normalized = EndState()
            for (key, value) in state.values {
                var (key, value) = (key, value)
                for (text, placeholder) in replacements {
                    key = key.replacingOccurrences(of: text, with: placeholder)
                    value = value.replacingOccurrences(of: text, with: placeholder)
                }
                normalized.values[key] = value
            }
            return normalized
        }

        /// `value` as text, or the error's code (so both deploys must fail the same way).
        mutating func record(_ key: String, _ body: () async throws -> String) async {
            do {
                values[key] = try await body()
            } catch let error as AWSError {
                values[key] = "error \(error.code.rawValue) (HTTP \(error.status))"
            } catch {
                values[key] = "error \(error)"
            }
        }

        mutating func readTables(_ dynamo: DynamoDBClient, _ environment: String) async throws {
            let tables = try await dynamo.listTables().sorted()
            values["\(environment) tables"] = tables.joined(separator: ", ")
            for table in tables {
                var description = try await dynamo.describeTable(table)
                let arn = try #require(description.tableARN)
                // Identity and counters, not configuration.
                description.tableARN = nil
                description.latestStreamARN = nil
                description.itemCount = nil
                description.tableID = nil
                description.creationDateTime = nil
                description.globalSecondaryIndexes?.sort { $0.indexName < $1.indexName }
                description.attributeDefinitions?.sort { $0.attributeName < $1.attributeName }
                values["\(environment) table \(table)"] = "\(description)"
                await record("\(environment) table \(table) tags") {
                    try await dynamo.listTagsOfResource(arn: arn).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ", ")
                }
                await record("\(environment) table \(table) PITR") { "\(try await dynamo.describeContinuousBackups(tableName: table))" }
                await record("\(environment) table \(table) TTL") { "\(try await dynamo.describeTimeToLive(tableName: table))" }
            }
        }

        mutating func readBucket(_ s3: S3Client, _ bucket: String, _ environment: String) async throws {
            let prefix = "\(environment) bucket \(bucket)"
            values[prefix] = try await s3.headBucket(bucket) ? "exists" : "missing"
            await record("\(prefix) location") { try await s3.getBucketLocation(bucket) }
            await record("\(prefix) versioning") { "\(try await s3.getBucketVersioning(bucket) ?? "none")" }
            await record("\(prefix) encryption") { "\(String(describing: try await s3.getBucketEncryption(bucket)))" }
            await record("\(prefix) public access block") { "\(String(describing: try await s3.getPublicAccessBlock(bucket)))" }
            await record("\(prefix) lifecycle") { "\(try await s3.getBucketLifecycle(bucket))" }
            await record("\(prefix) replication") { "\(String(describing: try await s3.getBucketReplication(bucket)))" }
            await record("\(prefix) tags") { try await s3.getBucketTagging(bucket).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ", ") }
            await record("\(prefix) policy") {
                guard let policy = try await s3.getBucketPolicy(bucket) else { return "none" }
                // Compared as JSON, not as bytes (key order is the service's).
                let object = try JSONSerialization.jsonObject(with: Data(policy.utf8))
                return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            }
            guard values[prefix] == "exists" else { return }
            let versions = try await s3.listObjectVersions(bucket: bucket)
            let byKey = Dictionary(grouping: versions, by: \.key)
            values["\(prefix) keys"] = byKey.keys.sorted().joined(separator: ", ")
            for (key, history) in byKey {
                values["\(prefix) object \(key) versions"] = "\(history.count) (\(history.filter(\.isDeleteMarker).count) delete markers)"
                await record("\(prefix) object \(key)") {
                    let object = try await s3.getObject(bucket: bucket, key: key)
                    let metadata = object.info.metadata.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ", ")
                    return "\(object.body.count) bytes, fnv1a \(Self.fnv1a(object.body)), \(object.info.contentType ?? "no type"), metadata \(metadata)"
                }
            }
        }

        /// A 64-bit FNV-1a digest: enough to tell two object bodies apart in a test.
        static func fnv1a(_ data: Data) -> String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return String(hash, radix: 16)
        }
    }
}
