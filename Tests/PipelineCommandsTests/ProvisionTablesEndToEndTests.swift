import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The seed's tables provisioned for real through the `pipeline` binary against moto: three
/// environments in three accounts (assumed roles), plans with their exit codes, a change of
/// indexes, tags and TTL, a plan made stale behind the runner's back, and an apply killed with
/// SIGKILL between two index creations.
@Suite(.serialized, .integration) struct ProvisionTablesEndToEndTests {
    /// Three accounts of our own per test, so tests sharing one moto never see each other's tables.
    struct Accounts {
        let dev = Self.random(), sit = Self.random(), prod = Self.random()
        static func random() -> String { String(format: "%06d%06d", Int.random(in: 100_000...999_999), Int.random(in: 0...999_999)) }
        var all: [(name: String, account: String)] { [("dev", dev), ("sit", sit), ("prod", prod)] }
    }

    static func pipeline(_ accounts: Accounts, gate: Bool = false) -> String {
        let gated = gate ? ", gate: .approvals([\"Lead Developer\"])" : ""
        return """
            import PipelineDescription
            let team = Approvers(["lead@x": ["Lead Developer"]], allowUnsigned: true)
            func tags(_ env: String) -> [String: String] {
                ["Environment": env, "Project": "bbws-customer-portal-public", "Owner": "platform-team@bbws.com",
                 "CostCenter": "engineering", "ManagedBy": "pipeline", "BackupPolicy": env == "prod" ? "hourly" : "daily",
                 "Component": "infrastructure"]
            }
            let dev = Environment("dev", account: "\(accounts.dev)", region: "af-south-1", role: "bbws-deploy-dev"\(gated), tags: tags("dev"))
            let sit = Environment("sit", account: "\(accounts.sit)", region: "af-south-1", role: "bbws-deploy-sit", tags: tags("sit"))
            let prod = Environment("prod", account: "\(accounts.prod)", region: "af-south-1", role: "bbws-deploy-prod", tags: tags("prod"))
            let pipeline = Pipeline("tables", approvers: team) {
                Stage("plan") { for env in [dev, sit, prod] { Plan(env) } }
                for (env, previous) in [(dev, "plan"), (sit, "dev"), (prod, "sit")] {
                    Deploy(env, after: previous, rollback: .previousDeployment) {
                        ProvisionTables("schemas/dynamodb/*.json")
                    }
                }
            }
            """
    }

    static func exampleTables() throws -> [String: String?] {
        var files: [String: String?] = [:]
        for name in ["tenants", "products", "campaigns"] {
            let url = PipelineBuild.packageRoot.appendingPathComponent("examples/schemas/dynamodb/\(name).json")
            files["schemas/dynamodb/\(name).json"] = try String(contentsOf: url, encoding: .utf8)
        }
        return files
    }

    struct Setup {
        let server: LocalAWSServer
        let repository: TemporaryGitRepository
        let cli: CommandLineRunner
        let accounts: Accounts

        func dynamo(_ environment: String) throws -> DynamoDBClient {
            let account = accounts.all.first { $0.name == environment }!.account
            let credentials = try EnvironmentCredentials(
                environment: environment, roleARN: "arn:aws:iam::\(account):role/bbws-deploy-\(environment)",
                region: "af-south-1", runID: "test", processEnvironment: server.environment)
            return DynamoDBClient(configuration: credentials.configuration())
        }
    }

    func setUp(gate: Bool = false, endpoint: URL? = nil) async throws -> Setup {
        try PipelineBuild.require()
        let server = try await LocalAWSServer.shared()
        let accounts = Accounts()
        let repository = try TemporaryGitRepository()
        var files = try Self.exampleTables()
        files["pipelines/deploy.swift"] = Self.pipeline(accounts, gate: gate)
        _ = try repository.commit("tables", files: files)
        var environment = server.environment
        if let endpoint { environment["AWS_ENDPOINT_URL"] = endpoint.absoluteString }
        return Setup(server: server, repository: repository, cli: CommandLineRunner(workingDirectory: repository.url, environment: environment),
                     accounts: accounts)
    }

    /// products with two indexes added (BrandIndex, UpdatedIndex), SkuIndex removed, a tag changed and TTL on.
    static func changedProducts(_ original: String) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
        var attributes = object["attributeDefinitions"] as! [[String: Any]]
        attributes.removeAll { $0["name"] as? String == "sku" }
        attributes += [["name": "brand", "type": "S"], ["name": "updatedAt", "type": "S"]]
        object["attributeDefinitions"] = attributes
        var indexes = (object["globalSecondaryIndexes"] as! [[String: Any]]).filter { $0["indexName"] as? String != "SkuIndex" }
        indexes.append(["indexName": "BrandIndex", "partitionKey": "brand", "sortKey": "price", "projection": ["type": "KEYS_ONLY"]])
        indexes.append(["indexName": "UpdatedIndex", "partitionKey": "category", "sortKey": "updatedAt", "projection": ["type": "ALL"]])
        object["globalSecondaryIndexes"] = indexes
        var tags = object["tags"] as! [String: String]
        tags["Owner"] = "catalogue-team@bbws.com"
        object["tags"] = tags
        object["timeToLive"] = ["attributeName": "expiresAt"]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    }

    @Test func threeAccountsThenIndexesTagsAndTTLChangedPlannedAndApplied() async throws {
        let setup = try await setUp()
        let first = try await setup.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("+ dynamodb.table tenants"), "the plan stage shows the tables to create")

        for (environment, _) in setup.accounts.all {
            let dynamo = try setup.dynamo(environment)
            #expect(Set(try await dynamo.listTables()) == ["tenants", "products", "campaigns"], "\(environment)")
            let tenants = try await dynamo.describeTable("tenants")
            #expect(tenants.tableStatus == "ACTIVE")
            #expect(tenants.billingMode == "PAY_PER_REQUEST")
            #expect(Set(tenants.globalSecondaryIndexes?.map(\.indexName) ?? []) == ["EmailIndex", "OrderStatusIndex", "PaymentStatusIndex"])
            #expect(tenants.keySchema?.map(\.attributeName) == ["PK", "SK"])
            #expect(tenants.streamSpecification?.streamEnabled == true)
            #expect(tenants.deletionProtectionEnabled == (environment == "prod"))
            let tags = Dictionary(uniqueKeysWithValues: try await dynamo.listTagsOfResource(arn: try #require(tenants.tableARN)).map { ($0.key, $0.value) })
            #expect(tags["Environment"] == environment && tags["Component"] == "dynamodb" && tags.count == 7, "\(tags)")
            #expect(try await dynamo.describeContinuousBackups(tableName: "tenants").pointInTimeRecoveryEnabled)
            #expect(try await dynamo.describeTimeToLive(tableName: "tenants").attributeName == "expiresAt")
            #expect(try await dynamo.describeTable("campaigns").globalSecondaryIndexes?.count == 3)
            #expect(try await dynamo.describeTable("products").globalSecondaryIndexes?.count == 2)
        }

        let unchanged = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "sit", "--detailed-exitcode"])
        #expect(unchanged.status == 0, "\(unchanged)")

        let products = try #require(try Self.exampleTables()["schemas/dynamodb/products.json"] ?? nil)
        _ = try setup.repository.commit("products: brand and updated indexes, no sku index, TTL", files: [
            "schemas/dynamodb/products.json": try Self.changedProducts(products)])
        let plan = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan)")
        for line in ["~ dynamodb.table products", "+ globalSecondaryIndexes.BrandIndex", "+ globalSecondaryIndexes.UpdatedIndex",
                     "- globalSecondaryIndexes.SkuIndex", "~ tags.Owner: \"platform-team@bbws.com\" → \"catalogue-team@bbws.com\"",
                     "timeToLive", "Plan: 0 to add, 1 to change, 0 to destroy."] {
            #expect(plan.stdout.contains(line), "missing \(line) in\n\(plan.stdout)")
        }
        let second = try await setup.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(second.status == 0, "\(second)")
        for (environment, _) in setup.accounts.all {
            let dynamo = try setup.dynamo(environment)
            let described = try await dynamo.describeTable("products")
            #expect(Set(described.globalSecondaryIndexes?.map(\.indexName) ?? []) == ["CategoryPriceIndex", "BrandIndex", "UpdatedIndex"])
            #expect(try await dynamo.describeTimeToLive(tableName: "products").attributeName == "expiresAt")
        }
        for environment in ["dev", "sit", "prod"] {
            let again = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", environment, "--detailed-exitcode"])
            #expect(again.status == 0, "plan after apply shows no changes in \(environment): \(again)")
        }
    }

    @Test func aTableChangedBetweenPlanAndApplyIsRefusedAsStaleAndLeftAlone() async throws {
        let setup = try await setUp(gate: true)
        // dev deploys once (so tables exist), then a second run pauses at dev's gate with a no-change plan.
        let first = try await setup.cli.pipeline(["run", "pipelines/deploy.swift", "--stage", "plan"])
        #expect(first.status == 0, "\(first)")
        let paused = try await setup.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(paused.status == 4, "\(paused)")
        let run = String(try #require(paused.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/)).1)
        #expect(paused.stdout.contains("+ dynamodb.table tenants"))
        // Someone creates one of the tables by hand in dev after the plan was made.
        let dynamo = try setup.dynamo("dev")
        try await dynamo.createTable(DynamoDBCreateTableInput(
            tableName: "tenants", attributeDefinitions: [DynamoDBAttributeDefinition("PK", "S"), DynamoDBAttributeDefinition("SK", "S")],
            keySchema: [.hash("PK"), .range("SK")]))
        let approved = try await setup.cli.pipeline(["approve", run, "--stage", "dev", "--role", "Lead Developer", "--as", "lead@x"])
        #expect(approved.status == 0, "\(approved)")
        let resumed = try await setup.cli.pipeline(["resume", run])
        #expect(resumed.status == 1, "\(resumed)")
        #expect(resumed.stdout.contains("plan is stale: tenants: added {"), "\(resumed.stdout)")
        #expect(resumed.stdout.contains("pipeline resume \(run) --replan"), "\(resumed.stdout)")
        #expect(!resumed.stdout.contains("rolling back"), "a stale plan rolls nothing back: \(resumed.stdout)")
        let tables = try await dynamo.listTables()
        #expect(tables == ["tenants"], "nothing was created over the change: \(tables)")
        #expect((try await dynamo.describeTable("tenants").globalSecondaryIndexes ?? []).isEmpty)
    }

    @Test func anApplyKilledBetweenTwoIndexCreationsFinishesOnTheNextRun() async throws {
        let server = try await LocalAWSServer.shared()
        let proxy = try FaultInjectingProxy(upstream: server.endpoint)
        defer { proxy.stop() }
        let setup = try await setUp(endpoint: proxy.endpoint)
        let deployed = try await setup.cli.pipeline(["run", "pipelines/deploy.swift", "--stage", "dev", "--force"])
        #expect(deployed.status == 0, "\(deployed)")
        let products = try #require(try Self.exampleTables()["schemas/dynamodb/products.json"] ?? nil)
        _ = try setup.repository.commit("two new indexes", files: ["schemas/dynamodb/products.json": try Self.changedProducts(products)])

        // SkuIndex deletion is UpdateTable #1, BrandIndex #2: stall #3 (UpdatedIndex) and kill the runner there.
        proxy.setRules([FaultRule(operations: ["DynamoDB.UpdateTable"], faults: [.stall], ordinals: [3])])
        proxy.resetCounts()
        let started = try setup.cli.start(["run", "pipelines/deploy.swift", "--stage", "dev", "--force"])
        let stalled = await proxy.waitForStall(timeout: 120)
        #expect(stalled != nil, "the third UpdateTable was reached")
        started.signal(SIGKILL)
        _ = try? await started.finish(timeout: 30)
        proxy.releaseAll(forward: false)
        let dynamo = try setup.dynamo("dev")
        let halfway = Set(try await dynamo.describeTable("products").globalSecondaryIndexes?.map(\.indexName) ?? [])
        #expect(halfway == ["CategoryPriceIndex", "BrandIndex"], "killed between the two creations: \(halfway)")

        proxy.setRules([])
        let again = try await setup.cli.pipeline(["run", "pipelines/deploy.swift", "--stage", "dev", "--force"])
        #expect(again.status == 0, "\(again)")
        let indexes = try await dynamo.describeTable("products").globalSecondaryIndexes?.map(\.indexName) ?? []
        #expect(indexes.sorted() == ["BrandIndex", "CategoryPriceIndex", "UpdatedIndex"], "exactly the definition's indexes, nothing doubled")
    }
}
