import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// A kill -9 matrix over the whole seed deploy (`pipelines/deploy.swift` over `examples/`, three
/// environments in three accounts, PROD's DR bucket in eu-west-1), deployed by the real binary
/// through a ``FaultInjectingProxy`` → ``TLSForwarder`` → moto (TLS), the run state in DynamoDB.
///
/// The runner is killed with SIGKILL at every step boundary and inside every step of every
/// environment, each kill followed by `pipeline resume` from the *other* of two checkouts that
/// share only the DynamoDB state. To stay within the integration tier's time the kill points are
/// chained: one run is killed at kill point 1, resumed and killed at kill point 2, and so on, until
/// a last resume finishes it; gates are approved (signed) whenever the run pauses at one. Kill
/// points (the count is printed as `seed kill matrix: N kill points`):
///
/// - after each of the run's 21 steps (2 validation, 3 plan, 5 per environment, post-deploy's
///   smoke test): from the step's `stepStarted` on, the driver's state writes are let through the
///   proxy one at a time, so once its `stepFinished` is in the events file the driver can record
///   nothing more (the next step cannot finish, the stage cannot end) before it dies;
/// - inside each environment's provision-tables (a CreateTable, an UpdateContinuousBackups, an
///   UpdateTimeToLive held), provision-bucket (DEV and SIT: PutBucketVersioning held; PROD twice:
///   right after the DR bucket's CreateBucket in eu-west-1, and while the primary bucket is being
///   configured), publish-templates (4 of 13 uploads let through, the rest held), cost-estimate (its
///   module process running) and smoke-test (a HeadObject held), and inside post-deploy's smoke test:
///   17 kill points.
///
/// 38 kill points in all. The end state (tables, buckets incl. the DR bucket, objects and their
/// version counts) equals an uninterrupted deploy's of another identity on the same moto, every
/// environment has exactly one deployment record, no table was made twice, no object was uploaded
/// twice, and no resume failed or rolled back (on a stale plan or otherwise).
@Suite(.serialized, .integration) struct SeedKillMatrixTests {
    typealias Deployment = FaultInjectedDeployTests.Deployment
    typealias EndState = FaultInjectedDeployTests.EndState

    /// Where in a step the driver is killed.
    enum Moment: Sendable {
        /// Right after the step's `stepFinished` (state writes one at a time from its `stepStarted` on).
        case after
        /// While the proxy holds a call of the step that `rules` stall (`what` says which).
        case call([FaultRule], what: String)
        /// While the step's module process (a child of the driver) runs; state writes one at a time.
        case process
    }

    /// What must be true of the accounts while the driver is held at a kill point, before it dies.
    enum Evidence: Sendable {
        case none
        /// Fewer than the three tables exist (the held CreateTable's table is not made).
        case someTablesMissing
        /// PROD's DR bucket exists in eu-west-1, the primary bucket does not yet.
        case onlyTheDRBucket
        /// PROD's primary bucket exists, its replication is not configured yet.
        case primaryWithoutReplication
    }

    struct KillPoint: Sendable, CustomStringConvertible {
        var stage: String
        var step: String
        var moment: Moment
        var evidence: Evidence = .none

        var description: String {
            switch moment {
            case .after: "after \(stage)/\(step)"
            case .call(_, let what): "inside \(stage)/\(step) (\(what))"
            case .process: "inside \(stage)/\(step) (its module process running)"
            }
        }

        var isAfter: Bool { if case .after = moment { true } else { false } }
    }

    /// The kill points inside a step, in the order the run reaches them.
    static func insidePoints(stage: String, step: String) -> [KillPoint] {
        func held(_ ordinal: Int, _ operation: String, _ what: String, _ evidence: Evidence = .none) -> KillPoint {
            KillPoint(stage: stage, step: step, moment: .call([.nth(ordinal, of: operation, .stall)], what: what), evidence: evidence)
        }
        switch (stage, step) {
        case ("dev", "provision-tables"):
            return [held(2, "DynamoDB.CreateTable", "the second CreateTable held", .someTablesMissing)]
        case ("sit", "provision-tables"):
            return [held(2, "DynamoDB.UpdateContinuousBackups", "the second UpdateContinuousBackups held")]
        case ("prod", "provision-tables"):
            return [held(1, "DynamoDB.UpdateTimeToLive", "the first UpdateTimeToLive held")]
        case ("prod", "provision-bucket"):
            // The DR bucket is converged first: CreateBucket in eu-west-1, then its settings from
            // PutPublicAccessBlock on; then the primary bucket, the same way.
            return [held(1, "S3.PutPublicAccessBlock", "right after the DR bucket's CreateBucket in eu-west-1", .onlyTheDRBucket),
                    held(2, "S3.PutBucketEncryption", "configuring the primary bucket", .primaryWithoutReplication)]
        case (_, "provision-bucket"):
            return [held(1, "S3.PutBucketVersioning", "configuring the bucket: PutBucketVersioning held")]
        case (_, "publish-templates"):
            return [KillPoint(stage: stage, step: step, moment: .call(
                [FaultRule(operations: ["S3.PutObject"], faults: [.stall], ordinals: Set(5...64))],
                what: "4 of 13 uploads let through, the others held"))]
        case (_, "cost-estimate"):
            return [KillPoint(stage: stage, step: step, moment: .process)]
        case (_, "smoke-test"):
            return [held(1, "S3.HeadObject", "checking the objects: the first HeadObject held")]
        default:
            return []
        }
    }

    /// Every kill point of a run whose steps finish in `order`: inside each step, then after it.
    static func killPoints(order: [StepName]) -> [KillPoint] {
        order.flatMap { insidePoints(stage: $0.stage, step: $0.step) + [KillPoint(stage: $0.stage, step: $0.step, moment: .after)] }
    }

    struct StepName: Hashable, Sendable, CustomStringConvertible {
        var stage: String
        var step: String
        var description: String { "\(stage)/\(step)" }
    }

    /// The operations of the run's state writes (DynamoDBRunStore): held and let through one at a
    /// time while the matrix waits for a step boundary.
    static let stateWrites: Set<String> = ["DynamoDB.PutItem", "DynamoDB.UpdateItem", "DynamoDB.DeleteItem",
                                           "DynamoDB.TransactWriteItems", "DynamoDB.BatchWriteItem"]
    static let oneAtATime = [FaultRule.random([.stall], probability: 1, operations: stateWrites)]

    /// The seed's gates, approved in order as the run pauses at each (as `scripts/demo.sh` does).
    static let gates: [(stage: String, approvals: [(role: String, approver: String)])] = [
        ("dev", [("Lead Developer", "lead@bbws.example")]),
        ("sit", [("Tech Lead", "lead@bbws.example"), ("QA Lead", "qa@bbws.example")]),
        ("prod", [("Tech Lead", "lead@bbws.example"), ("Product Owner", "po@bbws.example"), ("DevOps Lead", "ops@bbws.example")]),
    ]

    @Test(.timeLimit(.minutes(10)))
    func theSeedDeployKilledAtEveryStepBoundaryAndInsideEveryStepEndsAsAnUninterruptedOne() async throws {
        try PipelineBuild.require()
        let began = Date()
        let server = try await LocalAWSServer.shared(tls: true)
        let forwarder = try await TLSForwarder.start(to: server)
        defer { forwarder.stop() }
        let suite = FaultInjectedDeployTests()

        // The uninterrupted deploy (straight to moto over TLS): the reference end state, the order
        // in which its steps finish (the step boundaries) and the operations it makes.
        let reference = try suite.deployment(endpoint: nil, server: server)
        let referenceResult = try await suite.deployAsTheDemo(reference.cli)
        try #require(referenceResult.outputs.last?.status == 0, "the uninterrupted deploy completed")
        let order = try FaultInjectedDeployTests.events(reference, run: referenceResult.run, kind: "stepFinished")
            .filter { $0["phase"] as? String == "apply" }
            .map { StepName(stage: $0["stage"] as? String ?? "?", step: $0["step"] as? String ?? "?") }
        try #require(order.count == 21 && Set(order).count == 21,
                     "2 validation steps, 3 plans, 5 steps in each of 3 environments and post-deploy's smoke test: \(order)")
        let points = Self.killPoints(order: order)
        try #require(points.count == 38, "21 step boundaries and 17 kill points inside steps: \(points.count)")
        let operations = Set(try FaultInjectedDeployTests.awsCalls(reference, run: referenceResult.run).operations.keys)
        for point in points {
            guard case .call(let rules, _) = point.moment else { continue }
            let held = rules.flatMap(\.operations)
            try #require(operations.isSuperset(of: held), "the uninterrupted deploy makes \(held) (\(point))")
        }
        let referenceSeconds = Date().timeIntervalSince(began)

        // The deploy that is killed: two checkouts (the repository and a clone) sharing the state in
        // DynamoDB, every call through the proxy.
        let proxy = try FaultInjectingProxy(upstream: forwarder.endpoint)
        defer { proxy.stop() }
        let deployment = try suite.deployment(endpoint: proxy.endpoint, server: server)
        let table = "seed-kill-\(UUID().uuidString.prefix(8).lowercased())"
        let location = "dynamodb://\(table)?region=us-east-1"
        var first = deployment.cli
        first.environment["PIPELINE_STATE"] = location
        let clone = try TemporaryDirectory(prefix: "pipeline-kill-clone")
        let cloneURL = clone.url.appendingPathComponent("repo")
        _ = try deployment.repository.git("clone", "-q", deployment.repository.url.path, cloneURL.path)
        var second = first
        second.workingDirectory = cloneURL
        let initialized = try await first.pipeline(["state", "init", "--state", location])
        try #require(initialized.status == 0, "\(initialized)")
        let state = try StateTable(name: table, server: server)
        let chain = KillChain(checkouts: [first, second], proxy: proxy)
        defer { chain.stopDriver() }

        var killed: [String] = []
        var failure: String?
        var created: [String: [String: String]] = [:] // environment → table → identity when first made
        try chain.start(["run", "pipelines/deploy.swift"])
        for (index, point) in points.enumerated() {
            if let problem = try await chain.kill(at: point, evidence: { try await Self.check($0.evidence, deployment, server) }) {
                failure = "kill point \(index + 1) of \(points.count), \(point): \(problem)"
                break
            }
            let run = try #require(chain.run)
            if index == 0 {
                let status = try await second.pipeline(["status", run])
                #expect(status.stdout.contains("interrupted"), "seen from the other checkout, the killed run is interrupted: \(status)")
            }
            if let problem = try await Self.placement(of: point, order: order, run: run, state: state) {
                failure = "kill point \(index + 1) of \(points.count), \(point): \(problem)"
                break
            }
            killed.append("\(index + 1). \(point) (then resumed from \(chain.checkoutNames[chain.next]))")
            if point.isAfter && point.step == "provision-tables" {
                created[point.stage] = try await Self.tableIdentities(deployment, environment: point.stage, server: server)
            }
        }
        if failure == nil, let problem = try await chain.finish() {
            failure = "the last resume, after all \(points.count) kill points: \(problem)"
        }
        chain.stopDriver()
        let outputs = await chain.outputs()
        let seconds = Date().timeIntervalSince(began)
        // The count of kill points exercised, in the log.
        print("seed kill matrix: \(killed.count) kill points")
        print("seed kill matrix: \(chain.drivers) drivers, \(Int(seconds)) s (the uninterrupted deploy \(Int(referenceSeconds)) s):\n"
              + killed.joined(separator: "\n"))
        if let failure {
            Issue.record("the seed kill matrix stopped after \(killed.count) of \(points.count) kill points at \(failure)")
        }
        #expect(killed.count == points.count, "every kill point was exercised: \(killed.count) of \(points.count)")

        // No driver refused a stale plan (a rollback or a failed step stops the chain above).
        for (driver, output) in outputs {
            let text = output.stdout + output.stderr
            #expect(!text.contains("plan is stale"), "\(driver) found a stale plan (\(killed.count) kill points exercised):\n\(output)")
        }
        guard let run = chain.run, failure == nil else { return }

        // The run's own records: succeeded, every step once, no rollback.
        let report = try await Self.report(run, second)
        #expect(report.status == "succeeded", "\(report)")
        #expect(report.stages.allSatisfy { $0.status == "succeeded" }, "\(report.stages)")
        #expect(report.steps.filter { $0.phase == "apply" }.map { StepName(stage: $0.stage, step: $0.name) }.sorted { "\($0)" < "\($1)" }
                == order.sorted { "\($0)" < "\($1)" }, "one record per step: \(report.steps)")
        #expect(report.steps.allSatisfy { $0.phase == "apply" && $0.status == "succeeded" },
                "every step succeeded, none rolled back: \(report.steps)")
        let stages = try await state.statuses(run: run, prefix: "STAGE#")
        #expect(stages.values.allSatisfy { $0 == "succeeded" } && stages.count == 6, "\(stages)")

        // Every environment has exactly one deployment record, this run's.
        for environment in ["dev", "sit", "prod"] {
            let records = try await state.items("DEPLOY#\(environment)")
            #expect(records.count == 1 && records.first?["runID"] == .s(run),
                    "\(environment) has one deployment record, of run \(run) (\(killed.count) kill points): \(records)")
        }

        // The end state equals the uninterrupted deploy's; nothing was deployed twice.
        let expected = try await EndState.read(reference, server: server)
        let actual = try await EndState.read(deployment, server: server)
        #expect(expected.values.count > 150, "the uninterrupted deploy's end state was read back: \(expected.values.count) values")
        let differences = EndState.differences(expected, actual)
        #expect(differences.isEmpty, """
            after \(killed.count) kill points the end state differs from the uninterrupted deploy's ("without faults": uninterrupted, \
            "with faults": killed and resumed):
            \(differences.prefix(20).joined(separator: "\n"))
            """)
        let versions = actual.values.filter { $0.key.hasSuffix(" versions") && !$0.key.hasPrefix("prod-dr ") }
        #expect(versions.count == 39, "13 objects in each environment's bucket: \(versions.keys.sorted())")
        let twice = versions.filter { $0.value != "1 (0 delete markers)" }
        #expect(twice.isEmpty, "no object was uploaded twice (\(killed.count) kill points): \(twice)")
        for environment in ["dev", "sit", "prod"] {
            let now = try await Self.tableIdentities(deployment, environment: environment, server: server)
            #expect(created[environment] != nil && now == created[environment],
                    "\(environment)'s tables were made once, not made again by a later resume: \(created[environment] ?? [:]) then \(now)")
        }

        // Nothing of the run is left running.
        let deadline = Date().addingTimeInterval(10)
        while !ProcessTable.processes(withEnvironment: "PIPELINE_RUN_ID", run).isEmpty && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(ProcessTable.processes(withEnvironment: "PIPELINE_RUN_ID", run).isEmpty, "a process of the run is still running")
        withExtendedLifetime(clone) {}
    }

    // MARK: Checks

    /// Whether the killed driver stopped where `point` says, read from the state table: after a
    /// step, it succeeded and the next did not; inside one, it was in flight. Nil when it did.
    static func placement(of point: KillPoint, order: [StepName], run: String, state: StateTable) async throws -> String? {
        let steps = try await state.statuses(run: run, prefix: "STEP#")
        let stages = try await state.statuses(run: run, prefix: "STAGE#")
        let bad = stages.filter { ["failed", "rolledBack", "rollbackFailed", "cancelled"].contains($0.value) }
        if !bad.isEmpty { return "stages ended \(bad)" }
        let rollbacks = steps.keys.filter { !$0.hasSuffix("#apply") }
        if !rollbacks.isEmpty { return "rollback steps were recorded: \(rollbacks.sorted())" }
        let own = steps["\(point.stage)#\(point.step)#apply"]
        if point.isAfter {
            if own != "succeeded" { return "the step is recorded \(own ?? "not at all"), not succeeded" }
            guard let index = order.firstIndex(of: StepName(stage: point.stage, step: point.step)), index + 1 < order.count else { return nil }
            let next = order[index + 1]
            let recorded = steps["\(next.stage)#\(next.step)#apply"]
            return recorded == "succeeded" ? "the next step, \(next), had already succeeded: the kill came too late" : nil
        }
        return own == "running" ? nil : "the step is recorded \(own ?? "not at all"), not in flight"
    }

    /// Checks `evidence` while the driver is held; nil when it holds.
    static func check(_ evidence: Evidence, _ deployment: Deployment, _ server: LocalAWSServer) async throws -> String? {
        switch evidence {
        case .none:
            return nil
        case .someTablesMissing:
            let dynamo = DynamoDBClient(configuration: try EndState.configuration(deployment, environment: "dev", server: server))
            let tables = try await dynamo.listTables()
            return tables.count < 3 ? nil : "all three tables exist while the second CreateTable is held: \(tables)"
        case .onlyTheDRBucket, .primaryWithoutReplication:
            let configuration = try EndState.configuration(deployment, environment: "prod", server: server)
            var disasterRecovery = configuration
            disasterRecovery.region = "eu-west-1"
            let bucket = deployment.identity.bucket("prod")
            let primary = S3Client(configuration: configuration)
            let dr = try await S3Client(configuration: disasterRecovery).headBucket(bucket + "-eu-west-1")
            let made = try await primary.headBucket(bucket)
            if evidence == .onlyTheDRBucket {
                return dr && !made ? nil : "expected the DR bucket alone: DR bucket \(dr ? "exists" : "missing"), primary \(made ? "exists" : "missing")"
            }
            guard dr && made else { return "expected both buckets: DR bucket \(dr ? "exists" : "missing"), primary \(made ? "exists" : "missing")" }
            // No replication configuration reads as nil (or as the service's not-found error).
            let replication = try? await primary.getBucketReplication(bucket)
            return replication == nil ? nil : "the primary bucket's replication is already configured"
        }
    }

    /// Each table's id and creation time in `environment`'s account: a table made again differs.
    static func tableIdentities(_ deployment: Deployment, environment: String, server: LocalAWSServer) async throws -> [String: String] {
        let dynamo = DynamoDBClient(configuration: try EndState.configuration(deployment, environment: environment, server: server))
        var identities: [String: String] = [:]
        for table in try await dynamo.listTables() {
            let description = try await dynamo.describeTable(table)
            identities[table] = "\(description.tableID ?? "no id") created \(description.creationDateTime.map { "\($0)" } ?? "?")"
        }
        return identities
    }

    /// `pipeline status RUN --json`, decoded.
    static func report(_ run: String, _ cli: CommandLineRunner) async throws -> CrashRig.RunReport {
        let output = try await cli.pipeline(["status", run, "--json"])
        try #require(output.status == 0, "\(output)")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(CrashRig.RunReport.self, from: Data(output.stdout.utf8))
    }
}

extension SeedKillMatrixTests {
    /// The run-state table, read directly (moto over TLS, not through the proxy).
    struct StateTable {
        let name: String
        let client: DynamoDBClient

        init(name: String, server: LocalAWSServer) throws {
            self.name = name
            client = DynamoDBClient(configuration: try AWSConfiguration.fromEnvironment(
                server.environment, credentials: EnvironmentCredentialProvider(environment: server.environment)))
        }

        /// The items of partition `pk` whose sort key starts with `prefix`.
        func items(_ pk: String, prefix: String = "") async throws -> [DynamoDBItem] {
            let condition = prefix.isEmpty
                ? DynamoDBExpression("pk = :pk", values: [":pk": .s(pk)])
                : DynamoDBExpression("pk = :pk AND begins_with(sk, :prefix)", values: [":pk": .s(pk), ":prefix": .s(prefix)])
            return try await client.queryAll(tableName: name, keyCondition: condition)
        }

        /// The `status` of a run's stage (`STAGE#`) or step (`STEP#`) items, keyed by the rest of
        /// the sort key (`dev`, `dev#provision-tables#apply`).
        func statuses(run: String, prefix: String) async throws -> [String: String] {
            var statuses: [String: String] = [:]
            for item in try await items("RUN#\(run)", prefix: prefix) {
                guard case .s(let key)? = item["sk"] else { continue }
                if case .s(let status)? = item["status"] { statuses[String(key.dropFirst(prefix.count))] = status }
            }
            return statuses
        }
    }

    /// New lines of a run's `events.jsonl`, read from where the last read stopped.
    struct EventTail {
        let url: URL
        var offset: UInt64
        var partial = Data()

        /// Starts at the file's end (a checkout's file holds its earlier drivers' events too), or at its start.
        init(url: URL, fromStart: Bool = false) {
            self.url = url
            offset = 0
            if !fromStart, let handle = try? FileHandle(forReadingFrom: url) {
                offset = (try? handle.seekToEnd()) ?? 0
                try? handle.close()
            }
        }

        mutating func next() -> [[String: Any]] {
            guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
            defer { try? handle.close() }
            guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else { return [] }
            offset += UInt64(data.count)
            partial.append(data)
            var events: [[String: Any]] = []
            while let newline = partial.firstIndex(of: 0x0A) {
                let line = Data(partial[partial.startIndex..<newline])
                partial = Data(partial[partial.index(after: newline)...])
                if let event = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] { events.append(event) }
            }
            return events
        }
    }

    /// One run driven through its kill points: the checkouts sharing its state, the driver of the
    /// moment (a `pipeline run` or `resume` process) and what became of every driver.
    final class KillChain {
        struct Driver {
            let process: CommandLineRunner.Started
            let checkout: Int
            let label: String
            var tail: EventTail?
        }

        let checkouts: [CommandLineRunner]
        let checkoutNames = ["the first checkout", "the clone"]
        let proxy: FaultInjectingProxy
        private(set) var run: String?
        private(set) var driver: Driver?
        /// The checkout the next driver starts in: they alternate.
        private(set) var next = 0
        private(set) var drivers = 0
        private var approved = 0
        private var finished: [(String, CommandLineRunner.Output)] = []
        private var killed: [(String, Task<CommandLineRunner.Output?, Never>)] = []

        init(checkouts: [CommandLineRunner], proxy: FaultInjectingProxy) {
            self.checkouts = checkouts
            self.proxy = proxy
        }

        func eventsURL(_ checkout: Int, _ run: String) -> URL {
            checkouts[checkout].workingDirectory.appendingPathComponent(".pipeline/runs/\(run)/events.jsonl")
        }

        func start(_ arguments: [String]) throws {
            let checkout = next
            next = (next + 1) % checkouts.count
            drivers += 1
            // Where its events start: before it can write any.
            let tail = run.map { EventTail(url: eventsURL(checkout, $0)) }
            let process = try checkouts[checkout].start(arguments)
            driver = Driver(process: process, checkout: checkout,
                            label: "driver \(drivers) (`pipeline \(arguments[0])` in \(checkoutNames[checkout]))", tail: tail)
        }

        func resume() throws {
            guard let run else { throw KillChainError(description: "no run id yet") }
            try start(["resume", run])
        }

        /// The driver's new events; finds the run id (the run's folder in the checkout) first.
        func newEvents() -> [[String: Any]] {
            guard var current = driver else { return [] }
            if current.tail == nil {
                let runs = checkouts[current.checkout].workingDirectory.appendingPathComponent(".pipeline/runs")
                let names = (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
                guard let id = names.first(where: { $0.wholeMatch(of: /\d{8}-\d{6}-[0-9a-f]{4}/) != nil }) else { return [] }
                run = id
                current.tail = EventTail(url: eventsURL(current.checkout, id), fromStart: true)
            }
            let events = current.tail?.next() ?? []
            driver = current
            return events
        }

        func arm(_ point: KillPoint) {
            if case .call(let rules, _) = point.moment { proxy.setRules(rules) } else { proxy.setRules([]) }
        }

        /// Nothing held, nothing to hold.
        func disarm() {
            proxy.setRules([])
            proxy.releaseAll(forward: false)
        }

        /// Drives the run to `point` and kills its driver there (SIGKILL, waiting until it is
        /// gone), approving gates as the run pauses at them. Nil when it did; else what happened
        /// instead (a driver ending by itself, a step failing, a rollback, the point passed by).
        func kill(at point: KillPoint, evidence: (KillPoint) async throws -> String?) async throws -> String? {
            arm(point)
            if driver == nil { try resume() }
            var stepping = false, started = false, done = false, exited = false
            let deadline = Date().addingTimeInterval(150)
            /// Takes in the driver's new events; what went wrong, if something did.
            func absorb(_ label: String) -> String? {
                for event in newEvents() {
                    let kind = event["kind"] as? String
                    let name = "\(event["stage"] as? String ?? "?")/\(event["step"] as? String ?? "?")"
                    if kind == "rollbackStarted" { return "\(label): a rollback started: \(event)" }
                    guard event["phase"] as? String == "apply" else {
                        if kind == "stepStarted" || kind == "stepFinished" { return "\(label): \(kind ?? "") \(name) outside apply: \(event)" }
                        continue
                    }
                    if kind == "stepFinished", event["status"] as? String != "succeeded" {
                        return "\(label): step \(name) ended \(event["status"] ?? "?"): \(event["message"] ?? "")"
                    }
                    if event["stage"] as? String == point.stage && event["step"] as? String == point.step {
                        if kind == "stepStarted" { started = true }
                        if kind == "stepFinished" { done = true }
                    }
                }
                return nil
            }
            while Date() < deadline {
                guard let current = driver else { return "no driver" }
                if let problem = absorb(current.label) { return problem }
                let pid = current.process.process.processIdentifier
                switch point.moment {
                case .after:
                    if done { try await killDriver(); return nil }
                    if started && !stepping { proxy.setRules(SeedKillMatrixTests.oneAtATime); stepping = true }
                case .call:
                    if let held = proxy.stalledCalls.first {
                        // The step's `stepStarted` was written before its call: read up to now.
                        if let problem = absorb(current.label) { try await killDriver(); return problem }
                        var problem = "\(held.operation) was held outside \(point.stage)/\(point.step) (started \(started), finished \(done))"
                        if started && !done { problem = try await evidence(point) ?? "" }
                        try await killDriver()
                        if problem.isEmpty { return nil }
                        return problem
                    }
                    if done { return "\(point.stage)/\(point.step) finished without a held call" }
                case .process:
                    if done { return "\(point.stage)/\(point.step) finished before its module process was seen" }
                    if started && !stepping { proxy.setRules(SeedKillMatrixTests.oneAtATime); stepping = true }
                    if stepping && !Self.liveChildren(of: pid).isEmpty { try await killDriver(); return nil }
                }
                if stepping, let held = proxy.stalledCalls.first { proxy.release(held) }
                if !current.process.process.isRunning {
                    // Read what it wrote last before judging.
                    if !exited { exited = true; continue }
                    let output = try await current.process.finish(timeout: 30)
                    finished.append((current.label, output))
                    driver = nil
                    disarm()
                    guard output.status == 4 else { return "\(current.label) ended by itself (exit \(output.status)) before \(point):\n\(output)" }
                    if let problem = try await approveNextGate() { return problem }
                    arm(point)
                    (stepping, started, done, exited) = (false, false, false, false)
                    try resume()
                    continue
                }
                try await Task.sleep(for: .milliseconds(1))
            }
            return "not reached within 150 s"
        }

        /// Resumes the run to its end, approving the gates left; nil when it succeeded.
        func finish() async throws -> String? {
            disarm()
            if driver == nil { try resume() }
            while let current = driver {
                let output = try await current.process.finish(timeout: 150)
                finished.append((current.label, output))
                driver = nil
                switch output.status {
                case 0: return nil
                case 4:
                    if let problem = try await approveNextGate() { return problem }
                    try resume()
                default: return "\(current.label) ended with exit \(output.status):\n\(output)"
                }
            }
            return nil
        }

        func approveNextGate() async throws -> String? {
            guard let run, approved < SeedKillMatrixTests.gates.count else { return "paused at a gate with every gate approved" }
            let gate = SeedKillMatrixTests.gates[approved]
            for approval in gate.approvals {
                let output = try await checkouts[next].pipeline(["approve", run, "--stage", gate.stage, "--role", approval.role,
                                                                 "--key", ApproverKeys.seed.key(approval.approver)])
                if output.status != 0 { return "\(gate.stage)'s approval by \(approval.approver) failed: \(output)" }
            }
            approved += 1
            return nil
        }

        /// SIGKILL, then waits until the driver is gone or a zombie, and lets go of every held call.
        func killDriver() async throws {
            guard let current = driver else { return }
            let pid = current.process.process.processIdentifier
            current.process.signal(SIGKILL)
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                      stat.split(separator: ")").last?.split(separator: " ").first != "Z" else { break }
                try await Task.sleep(for: .milliseconds(2))
            }
            disarm()
            driver = nil
            // Its output, once the processes it left behind (ended by the next resume) close its pipes.
            let process = current.process
            killed.append((current.label + " (killed)", Task { try? await process.finish(timeout: 60) }))
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
               stat.split(separator: ")").last?.split(separator: " ").first != "Z" {
                throw KillChainError(description: "\(current.label) (pid \(pid)) did not die within 10 s of SIGKILL")
            }
        }

        /// Ends a driver left running after a failure.
        func stopDriver() {
            guard let current = driver else { return }
            current.process.signal(SIGKILL)
            disarm()
            driver = nil
            let process = current.process
            killed.append((current.label + " (stopped after a failure)", Task { try? await process.finish(timeout: 60) }))
        }

        /// Every driver's output: those that ended by themselves and those killed.
        func outputs() async -> [(String, CommandLineRunner.Output)] {
            var all = finished
            for (label, task) in killed {
                if let output = await task.value { all.append((label, output)) }
            }
            return all
        }

        /// Live (not zombie) processes whose parent is `pid`.
        static func liveChildren(of pid: pid_t) -> [pid_t] {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
            return entries.compactMap { pid_t($0) }.filter { child in
                guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                      let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 1 else { return false }
                return fields[0] != "Z" && pid_t(fields[1]) == pid
            }
        }
    }

    struct KillChainError: Error, CustomStringConvertible {
        var description: String
    }
}
