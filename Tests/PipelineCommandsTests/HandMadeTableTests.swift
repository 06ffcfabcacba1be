import AWS
import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Plans that tell the truth about what they find, through the `pipeline` binary against moto:
/// a DynamoDB table made by hand in DEV with another key schema (`id` where the repository
/// defines PK/SK), before or after planning, is a refused change with its note and drift
/// (`plan --detailed-exitcode` exits 2, never 70), is never offered for replacement nor replaced
/// (even with `allowReplacement: true`); an invalid table definition is bad input (exit 64,
/// naming the file and field).
@Suite(.serialized, .integration) struct HandMadeTableTests {
    typealias EndToEnd = ProvisionTablesEndToEndTests

    static let refusedLine = "-/+ dynamodb.table tenants (refused: exists with key schema id; the repository defines PK/SK; "
        + "not made by the pipeline, so never replaced)"
    static let noteStart = "note: tenants exists but was not made by the pipeline (no deployment of this environment made it, "
        + "and it carries none of the tags the pipeline writes"

    func setUp(allowReplacement: Bool = false, gate: Bool = false) async throws -> EndToEnd.Setup {
        try PipelineBuild.require()
        let server = try await LocalAWSServer.shared()
        let accounts = EndToEnd.Accounts()
        let repository = try TemporaryGitRepository()
        var files = try EndToEnd.exampleTables()
        var pipeline = EndToEnd.pipeline(accounts, gate: gate)
        if allowReplacement {
            pipeline = pipeline.replacingOccurrences(of: #"ProvisionTables("schemas/dynamodb/*.json")"#,
                                                     with: #"ProvisionTables("schemas/dynamodb/*.json", allowReplacement: true)"#)
            #expect(pipeline.contains("allowReplacement: true"))
        }
        files["pipelines/deploy.swift"] = pipeline
        _ = try repository.commit("tables", files: files)
        return EndToEnd.Setup(server: server, repository: repository,
                              cli: CommandLineRunner(workingDirectory: repository.url, environment: server.environment), accounts: accounts)
    }

    /// `tenants` made by hand in DEV's account, as in the console: key schema `id`, no tags, one item.
    func makeByHand(_ setup: EndToEnd.Setup) async throws {
        let dynamo = try setup.dynamo("dev")
        try await dynamo.createTable(DynamoDBCreateTableInput(tableName: "tenants", attributeDefinitions: [DynamoDBAttributeDefinition("id", "S")],
                                                              keySchema: [.hash("id")]))
        try await dynamo.putItem(tableName: "tenants", item: ["id": "made-by-hand"])
    }

    /// The hand-made table is still there, as it was: key schema, item, no tags.
    func expectUntouched(_ setup: EndToEnd.Setup) async throws {
        let dynamo = try setup.dynamo("dev")
        let table = try await dynamo.describeTable("tenants")
        #expect(table.keySchema == [.hash("id")])
        #expect(try await dynamo.getItem(tableName: "tenants", key: ["id": "made-by-hand"]) != nil, "its data is kept")
        #expect(try await dynamo.listTagsOfResource(arn: try #require(table.tableARN)).isEmpty, "nothing was changed in it")
    }

    @Test func aTableMadeByHandBeforePlanningIsDriftWithItsNoteAndApplyingChangesNothingInIt() async throws {
        let setup = try await setUp()
        try await makeByHand(setup)

        let plan = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan)")
        #expect(plan.stdout.contains(Self.refusedLine), "\(plan.stdout)")
        #expect(plan.stdout.contains(Self.noteStart), "\(plan.stdout)")
        #expect(plan.stdout.contains("Give the definition another tableName"))
        #expect(plan.stdout.contains("+ dynamodb.table products") && plan.stdout.contains("+ dynamodb.table campaigns"))
        #expect(!plan.stdout.contains("allowReplacement: true"), "never offered for replacement: \(plan.stdout)")
        #expect(!plan.stderr.contains("error"), "\(plan.stderr)")

        let plain = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev", "--json"])
        #expect(plain.status == 0, "without --detailed-exitcode a plan exits 0: \(plain)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        let changes = try #require(((document["steps"] as? [[String: Any]])?.first?["plan"] as? [String: Any])?["changes"] as? [[String: Any]])
        let tenants = try #require(changes.first { $0["resource"] as? String == "tenants" })
        #expect(tenants["action"] as? String == "replace")
        #expect((tenants["detail"] as? String)?.hasPrefix("refused: ") == true)

        // Applying refuses it, says why without advising a replacement, and changes nothing in it.
        let run = try await setup.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(run.status == 1 || run.status == 3, "the dev stage fails: \(run)")
        let output = run.stdout + run.stderr
        #expect(output.contains("tenants: exists with key schema id; the repository defines PK/SK, and it was not made by the pipeline"), "\(output)")
        #expect(!output.contains("Set allowReplacement: true"), "\(output)")
        try await expectUntouched(setup)
    }

    @Test func aTableMadeByHandAfterPlanningIsDriftAndNeverReplacedEvenWhenAllowed() async throws {
        let setup = try await setUp(allowReplacement: true)
        let before = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev", "--detailed-exitcode"])
        #expect(before.status == 2, "\(before)")
        #expect(before.stdout.contains("+ dynamodb.table tenants (new table)"), "\(before.stdout)")

        try await makeByHand(setup)
        let after = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev", "--detailed-exitcode"])
        #expect(after.status == 2, "\(after)")
        #expect(after.stdout.contains(Self.refusedLine), "allowReplacement does not make it replaceable: \(after.stdout)")
        #expect(after.stdout.contains("whatever allowReplacement says"), "\(after.stdout)")
        #expect(!after.stdout.contains("deletes the table"), "\(after.stdout)")

        let run = try await setup.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(run.status == 1 || run.status == 3, "\(run)")
        #expect(!(run.stdout + run.stderr).contains("deleting the table to replace it"), "\(run)")
        try await expectUntouched(setup)
    }

    /// The whole story of the issue: the run is planned and paused at DEV's gate, the table is
    /// made by hand, the plan shows it as drift, the approved apply is refused as stale and rolls
    /// nothing back, and once the table is removed `resume --replan` plans again and finishes.
    @Test func aTableMadeByHandAfterTheApprovedPlanIsStaleAndReplanningFinishesTheRun() async throws {
        let setup = try await setUp(gate: true)
        let paused = try await setup.cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(paused.status == 4, "\(paused)")
        let run = String(try #require(paused.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/)).1)
        try await makeByHand(setup)

        let drift = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev", "--detailed-exitcode"])
        #expect(drift.status == 2, "\(drift)")
        #expect(drift.stdout.contains(Self.refusedLine), "\(drift.stdout)")

        let approved = try await setup.cli.pipeline(["approve", run, "--stage", "dev", "--role", "Lead Developer", "--as", "lead@x"])
        #expect(approved.status == 0, "\(approved)")
        let stale = try await setup.cli.pipeline(["resume", run])
        #expect(stale.status == 1, "\(stale)")
        #expect(stale.stdout.contains("plan is stale: tenants: added {"), "\(stale.stdout)")
        #expect(stale.stdout.contains("pipeline resume \(run) --replan"), "\(stale.stdout)")
        #expect(!stale.stdout.contains("rolling back"), "a stale plan rolls nothing back: \(stale.stdout)")
        try await expectUntouched(setup)

        // Someone keeps the hand-made table's data elsewhere and removes it; the run goes on
        // from a new plan. It is the plan that was approved (the table is to be made again), so
        // its hash is the same and the approval given for it counts.
        let dynamo = try setup.dynamo("dev")
        _ = try await dynamo.deleteTable("tenants")
        try await dynamo.waitUntilDeleted(tableName: "tenants", timeout: 60, pollInterval: 0.2)
        let replanned = try await setup.cli.pipeline(["resume", run, "--replan"])
        #expect(replanned.status == 0, "\(replanned)")
        #expect(replanned.stdout.contains("+ dynamodb.table tenants"), "planned again and shown: \(replanned.stdout)")
        #expect(try await dynamo.describeTable("tenants").keySchema == [.hash("PK"), .range("SK")])
    }

    @Test func anInvalidDefinitionIsBadInputNamingTheFileAndField() async throws {
        let setup = try await setUp()
        let tenants = try #require(try EndToEnd.exampleTables()["schemas/dynamodb/tenants.json"] ?? nil)
        let invalid = tenants.replacingOccurrences(of: #""billingMode": "PAY_PER_REQUEST""#, with: #""billingMode": "CHEAP""#)
        #expect(invalid != tenants)
        _ = try setup.repository.commit("tenants: a billing mode that does not exist", files: ["schemas/dynamodb/tenants.json": invalid])

        let plan = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev"])
        #expect(plan.status == 64, "\(plan)")
        #expect(plan.stderr.contains("schemas/dynamodb/tenants.json is not a valid table definition"), "\(plan.stderr)")
        #expect(plan.stderr.contains("/billingMode: \"CHEAP\" is not one of the allowed values"), "\(plan.stderr)")
        let detailed = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev", "--detailed-exitcode"])
        #expect(detailed.status == 1, "--detailed-exitcode: every error is 1, as terraform's: \(detailed)")

        // An environment the pipeline does not declare, named in a definition: bad input too.
        let typo = tenants.replacingOccurrences(of: #""sit": {"#, with: #""sti": {"#)
        #expect(typo != tenants)
        _ = try setup.repository.commit("tenants: a typo in an environment's name", files: ["schemas/dynamodb/tenants.json": typo])
        let unknown = try await setup.cli.pipeline(["plan", "pipelines/deploy.swift", "--env", "dev"])
        #expect(unknown.status == 64, "\(unknown)")
        #expect(unknown.stderr.contains("schemas/dynamodb/tenants.json: environments.sti names an environment the pipeline does not declare"),
                "\(unknown.stderr)")
    }
}
