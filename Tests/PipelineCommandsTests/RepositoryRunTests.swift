import Foundation
import PipelineTesting
import TestTiers
import Testing

/// The runner on real git repositories: commits recorded, dirty trees refused for deployments,
/// inputs read at the commit, `changed` conditions, `pipeline changes`, release notes.
@Suite(.integration) struct RepositoryRunTests {
    static let pipeline = """
        import PipelineDescription
        let team = Approvers(["lead@x": ["Lead Developer"]], allowUnsigned: true)
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev")
        let pipeline = Pipeline("repo", approvers: team) {
            Stage("validation") { Shell("echo validating") }
            Deploy(dev, after: "validation") {
                Shell("echo deploying schemas").when(.changed(["schemas/**"]))
                Shell("cat config.txt")
            }
        }
        """

    func repository() throws -> (TemporaryGitRepository, CommandLineRunner) {
        try PipelineBuild.require()
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("first", files: ["pipelines/deploy.swift": Self.pipeline, "schemas/a.json": "{}", "config.txt": "v1"])
        return (repository, CommandLineRunner(workingDirectory: repository.url))
    }

    @Test func runRecordsItsCommitAndReadsCommittedFiles() async throws {
        let (repository, cli) = try repository()
        let head = try repository.revParse("HEAD")
        try repository.write("notes.txt", "uncommitted")
        let refused = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("uncommitted changes (notes.txt)"))
        #expect(refused.stderr.contains("--allow-dirty"))
        let validation = try await cli.pipeline(["run", "pipelines/deploy.swift", "--stage", "validation"])
        #expect(validation.status == 0, "\(validation)")
        #expect(validation.stdout.contains("not part of this run"))
        let allowed = try await cli.pipeline(["run", "pipelines/deploy.swift", "--allow-dirty"])
        #expect(allowed.status == 0, "\(allowed)")
        #expect(allowed.stdout.contains("at \(head.prefix(12))"))
        let runs = try await cli.pipeline(["runs"])
        #expect(runs.stdout.contains(String(head.prefix(12))))
        let status = try await cli.pipeline(["status", "--json"])
        #expect(status.stdout.contains("\"commit\" : \"\(head)\""))
    }

    @Test func changedConditionSkipsUntouchedPathsAndSaysWhy() async throws {
        let (repository, cli) = try repository()
        let first = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("│ deploying schemas"))  // first deployment: no base, runs
        _ = try repository.commit("config only", files: ["config.txt": "v2"])
        let second = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("skipped: no change to schemas/** since"), "\(second)")
        #expect(second.stdout.contains("│ v2"))
        _ = try repository.commit("schema", files: ["schemas/b.json": "{}"])
        let third = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(third.stdout.contains("│ deploying schemas"))
        let forced = try await cli.pipeline(["run", "pipelines/deploy.swift", "--base", "HEAD"])
        #expect(forced.stdout.contains("skipped: no change to schemas/**"))
    }

    @Test func changesAndReleaseNotes() async throws {
        let (repository, cli) = try repository()
        #expect(try await cli.pipeline(["run", "pipelines/deploy.swift"]).status == 0)
        _ = try repository.commit("Add products table", files: ["schemas/products.json": "{}"])
        try repository.move("config.txt", to: "settings.txt")
        _ = try repository.commit("Rename config", files: ["pipelines/deploy.swift": Self.pipeline.replacingOccurrences(of: "config.txt", with: "settings.txt")])
        let changes = try await cli.pipeline(["changes", "--env", "dev"])
        #expect(changes.status == 0, "\(changes)")
        #expect(changes.stdout.contains("2 commits since the last deployment to dev"))
        #expect(changes.stdout.contains("Add products table"))
        #expect(changes.stdout.contains("A  schemas/products.json"))
        #expect(changes.stdout.contains("R  config.txt -> settings.txt"))
        let second = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(second.status == 0, "\(second)")
        let id = try #require(second.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/)).1
        let summary = try String(contentsOf: repository.url.appendingPathComponent(".pipeline/runs/\(id)/summary.md"), encoding: .utf8)
        #expect(summary.contains("### Brought to dev (since `"), "\(summary)")
        #expect(summary.contains("2 commits"))
        #expect(summary.contains("Rename config (Pipeline Tester)"))
        #expect(try await cli.pipeline(["changes", "--since", "no-such-ref"]).status == 64)
    }

    @Test func templatesAreValidatedAtTheCommitWithPositions() async throws {
        try PipelineBuild.require()
        let repository = try TemporaryGitRepository()
        let templates = PipelineBuild.packageRoot.appendingPathComponent("examples/templates")
        var files: [String: String?] = ["pipelines/deploy.swift": """
            import PipelineDescription
            let pipeline = Pipeline("templates") {
                Stage("validation") { ValidateTemplates("templates/", manifest: "templates/manifest.json") }
            }
            """]
        let enumerator = FileManager.default.enumerator(atPath: templates.path)!
        for case let path as String in enumerator where path.hasSuffix(".html") || path.hasSuffix(".json") {
            files["templates/\(path)"] = try String(contentsOf: templates.appendingPathComponent(path), encoding: .utf8)
        }
        _ = try repository.commit("templates", files: files)
        let cli = CommandLineRunner(workingDirectory: repository.url)
        let clean = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.stdout.contains("12 templates and 12 manifest entries at commit"))
        // A broken template in the working tree is not what the run validates...
        let path = "templates/receipts/payment_received.html"
        let original = try String(contentsOf: repository.fileURL(path), encoding: .utf8)
        try repository.write(path, original.replacingOccurrences(of: "</title>", with: "</title><script>x()</script>"))
        #expect(try await cli.pipeline(["run", "pipelines/deploy.swift"]).status == 0)
        // ...until it is committed.
        try repository.stage([path])
        _ = try repository.commitStaged("break")
        var github = cli
        github.environment["GITHUB_ACTIONS"] = "true"
        let broken = try await github.pipeline(["run", "pipelines/deploy.swift"])
        #expect(broken.status == 1, "\(broken)")
        #expect(broken.stdout.contains("::error file=templates/receipts/payment_received.html,line="), "\(broken)")
        #expect(broken.stdout.contains("1 problem in 1 file"))
    }

    @Test func tableDefinitionsAreValidatedAgainstThePreviousCommit() async throws {
        try PipelineBuild.require()
        let repository = try TemporaryGitRepository()
        let examples = PipelineBuild.packageRoot.appendingPathComponent("examples/schemas/dynamodb")
        var files: [String: String?] = ["pipelines/deploy.swift": """
            import PipelineDescription
            let pipeline = Pipeline("tables") {
                Stage("validation") { ValidateTableDefinitions("schemas/dynamodb/*.json") }
            }
            """]
        for name in ["tenants.json", "products.json", "campaigns.json"] {
            files["schemas/dynamodb/\(name)"] = try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
        }
        _ = try repository.commit("tables", files: files)
        let cli = CommandLineRunner(workingDirectory: repository.url)
        let clean = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(clean.status == 0, "\(clean)")
        #expect(clean.stdout.contains("= 3 table definitions at commit"))

        // Change the products table's partition key: valid on its own, but DynamoDB cannot do it in place.
        let path = "schemas/dynamodb/products.json"
        var products = try JSONSerialization.jsonObject(with: Data(contentsOf: repository.fileURL(path))) as! [String: Any]
        var keys = products["keySchema"] as! [String: Any]
        let oldKey = keys["partitionKey"] as! String
        var attributes = products["attributeDefinitions"] as! [[String: Any]]
        attributes.append(["name": "ProductKey", "type": "S"])
        attributes.removeAll { $0["name"] as? String == oldKey }
        keys["partitionKey"] = "ProductKey"
        products["keySchema"] = keys
        products["attributeDefinitions"] = attributes
        let text = String(decoding: try JSONSerialization.data(withJSONObject: products, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
        _ = try repository.commit("new key", files: [path: text])
        var github = cli
        github.environment["GITHUB_ACTIONS"] = "true"
        let changed = try await github.pipeline(["run", "pipelines/deploy.swift"])
        #expect(changed.status == 1, "\(changed)")
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\"partitionKey\" : \"ProductKey\"") }) + 1
        #expect(changed.stdout.contains("::error file=schemas/dynamodb/products.json,line=\(line),"), "\(changed)")
        #expect(changed.stdout.contains("title=table.key-schema-change"))
    }
}
