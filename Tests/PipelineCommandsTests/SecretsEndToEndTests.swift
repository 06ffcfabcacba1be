import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Secrets never leak, through the real binary: every byte the runner wrote in a run's life
/// (its output, the store, the run folders, the pipeline cache, the GitHub files) holds no
/// registered secret in any encoded form.
@Suite(.integration) struct SecretsEndToEndTests {
    static let header = """
        // pipeline-environment: DEPLOY_TOKEN
        import PipelineDescription
        import Glibc

        let team = Approvers(["lead@bbws.example": ["Lead Developer"]], allowUnsigned: true)
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev",
                              gate: .approvals(["Lead Developer"]))
        let token = getenv("DEPLOY_TOKEN").map { String(cString: $0) } ?? "unset"

        """

    /// Prints a secret in every encoding a tool might: base64 at three offsets, URL, JSON, XML, hex.
    static let leak = """
        import base64, json, os, urllib.parse
        from xml.sax.saxutils import escape
        t = os.environ["DEPLOY_TOKEN"]
        k = os.environ["SIGNING_KEY"]
        print("raw", t)
        for p in ["", "a", "ab"]:
            print("b64", base64.b64encode((p + t).encode()).decode())
        print("url", urllib.parse.quote(t, safe=""), urllib.parse.quote_plus(t, safe=""))
        print("json", json.dumps(t), json.dumps(k))
        print("xml", escape(t, {'"': "&quot;", "'": "&apos;"}))
        print("hex", t.encode().hex(), t.encode().hex().upper())
        print(k)
        print("b64key", base64.b64encode(k.encode()).decode())
        """

    static func signingKey(in folder: TemporaryDirectory) throws -> String {
        let path = folder.url.appendingPathComponent("id_test").path
        let output = try CommandLineRunner(workingDirectory: folder.url).run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", path])
        #expect(output.status == 0, "\(output)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func noSecretReachesAnyOutputStoreOrCacheFile() async throws {
        try PipelineBuild.require()
        let folder = try TemporaryDirectory(prefix: "pipeline-secrets")
        let cache = try TemporaryDirectory(prefix: "pipeline-secrets-cache")
        let key = try Self.signingKey(in: folder)
        let token = "tok/9f+8e 7d&6c<5b>\"4a-ü-\(UUID().uuidString.prefix(8))"
        try folder.write("leak.py", Self.leak)
        try folder.write("pipelines/deploy.swift", Self.header + """
            let pipeline = Pipeline("secrets", approvers: team, secrets: ["DEPLOY_TOKEN", "SIGNING_KEY", "SHORT_PIN"]) {
                Stage("build") {
                    Shell("printf '%s\\\\n' 'deploying with \\(token) now' > deployed.txt")
                    Shell("python3 leak.py")
                    Shell("echo pin=$SHORT_PIN")
                }
                Deploy(dev, after: "build") { Shell("printf '%s' '${{ secrets.DEPLOY_TOKEN }}' > resumed.txt") }
                Stage("broken", after: "dev") { Shell("echo \\"failing with $DEPLOY_TOKEN\\" >&2; exit 1") }
            }
            """)
        try folder.write("pipelines/invalid.swift", Self.header + """
            let pipeline = Pipeline("invalid", secrets: ["DEPLOY_TOKEN"]) {
                Stage("late", after: "\\(token)") { Shell("true") }
            }
            """)
        try folder.write("pipelines/partial.swift", """
            // pipeline-environment: SIGNING_KEY
            import PipelineDescription
            import Glibc
            let key = getenv("SIGNING_KEY").map { String(cString: $0) } ?? ""
            let line = key.split(separator: "\\n").dropFirst().first.map(String.init) ?? ""
            let pipeline = Pipeline("partial", secrets: ["SIGNING_KEY"]) {
                Stage("s") { Shell("echo \\(line)") }
            }
            """)
        let github = try TemporaryDirectory(prefix: "pipeline-secrets-github")
        let summaryFile = try github.write("step-summary.md", "")
        let outputFile = try github.write("output.txt", "")
        let secrets = ["DEPLOY_TOKEN": token, "SIGNING_KEY": key, "SHORT_PIN": "x7q", "USER": "runner@bbws.example",
                       "PIPELINE_CACHE_DIR": cache.url.path]
        let cli = CommandLineRunner(workingDirectory: folder.url, environment: secrets)
        var inGitHub = cli
        inGitHub.environment.merge(["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summaryFile.path, "GITHUB_OUTPUT": outputFile.path]) { $1 }

        var outputs: [(String, CommandLineRunner.Output)] = []
        let first = try await inGitHub.pipeline(["run", "pipelines/deploy.swift"])
        outputs.append(("run (GitHub Actions)", first))
        #expect(first.status == 4, "paused at dev's gate: \(first)")
        #expect(first.stdout.contains("│ raw ***"), "\(first)")
        #expect(first.stdout.contains("::warning::secret SHORT_PIN is shorter than 4 characters"), "\(first)")
        #expect(first.stdout.contains("│ pin=x7q"), "a value too short to mask is said so, and shown")
        #expect(try folder.read("deployed.txt") == "deploying with \(token) now\n", "the step ran with the value")
        let id = String(try #require(first.stdout.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/)).1)

        outputs.append(("approve", try await cli.pipeline(["approve", id, "--stage", "dev", "--role", "Lead Developer", "--as", "lead@bbws.example"])))
        let resumed = try await cli.pipeline(["resume", id])
        outputs.append(("resume", resumed))
        #expect(resumed.status == 1, "the stage after dev fails: \(resumed)")
        #expect(resumed.stdout.contains("failing with ***"), "\(resumed)")
        #expect(try folder.read("resumed.txt") == token, "a stored reference is resolved when the resumed step runs")

        let json = try await cli.pipeline(["run", "pipelines/deploy.swift", "--log-format", "json"])
        outputs.append(("run --log-format json", json))
        #expect(json.stdout.contains("\"message\":\"raw ***\""), "\(json)")
        let status = try await cli.pipeline(["status", id])
        outputs.append(("status", status))
        #expect(status.stdout.contains("'deploying with ${{ secrets.DEPLOY_TOKEN"), "\(status)")
        outputs.append(("status --json", try await cli.pipeline(["status", id, "--json"])))
        outputs.append(("runs", try await cli.pipeline(["runs"])))
        let validate = try await cli.pipeline(["validate", "pipelines/deploy.swift", "--json"])
        outputs.append(("validate --json", validate))
        #expect(validate.stdout.contains("${{ secrets.DEPLOY_TOKEN }}"), "\(validate)")
        outputs.append(("validate", try await cli.pipeline(["validate", "pipelines/deploy.swift"])))
        let invalid = try await cli.pipeline(["validate", "pipelines/invalid.swift"])
        outputs.append(("validate (invalid)", invalid))
        #expect(invalid.status == 64)
        #expect(invalid.stderr.contains("depends on unknown stage '${{ secrets.DEPLOY_TOKEN }}'"), "\(invalid)")
        let partial = try await cli.pipeline(["run", "pipelines/partial.swift"])
        outputs.append(("run (a line of a secret in the document)", partial))
        #expect(partial.status == 64)
        #expect(partial.stderr.contains("pipelines/partial.swift:7: error: step 1 of stage 1 holds"), "\(partial)")
        #expect(partial.stderr.contains("holds a part or an encoded form of secret SIGNING_KEY"), "\(partial)")

        let scan = SecretScan(secrets: [token, key.trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(scan.forms[0].count >= 12 && scan.forms[1].count > 40, "every form of both secrets is searched")
        // `::add-mask::` must name what GitHub is to mask (GitHub hides those lines); each line
        // of the key is given on its own.
        let maskLines = first.stdout.split(separator: "\n").filter { $0.hasPrefix("::add-mask::") }
        #expect(maskLines.count == 1 + key.split(separator: "\n").count, "\(maskLines.count) ::add-mask:: lines")
        var hits: [SecretScan.Hit] = []
        for (name, output) in outputs {
            let shown = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("::add-mask::") }
            hits += scan.scan(shown.joined(separator: "\n"), place: "\(name) stdout") + scan.scan(output.stderr, place: "\(name) stderr")
        }
        hits += scan.scanFiles(folder.url.appendingPathComponent(".pipeline"))
        hits += scan.scanFiles(cache.url)
        hits += scan.scanFiles(github.url)
        #expect(hits.isEmpty, "\(hits)")
        // The scan would have seen them: the runner's inputs hold them.
        #expect(!scan.scan(try String(contentsOf: folder.url.appendingPathComponent("resumed.txt"), encoding: .utf8), place: "resumed.txt").isEmpty)
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(".pipeline/runs/\(id)/summary.md").path))
        #expect(try String(contentsOf: summaryFile, encoding: .utf8).contains("secrets"))
        try Self.expectPrivate(folder.url.appendingPathComponent(".pipeline"))
        try Self.expectPrivate(cache.url.appendingPathComponent("pipelines"))
    }

    /// Folders 0700, files 0600 (compiled pipelines 0700). Checkouts of run commits
    /// (`worktrees/<commit>`) hold the repository's own files with their modes, inside a 0700 folder.
    static func expectPrivate(_ folder: URL) throws {
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        var checked = 0
        for case let relative as String in enumerator {
            if relative.hasPrefix("worktrees/") { enumerator.skipDescendants(); continue }
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(relative).path)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
            let isDirectory = attributes[.type] as? FileAttributeType == .typeDirectory
            let executable = !isDirectory && mode & 0o100 != 0
            #expect(mode & 0o077 == 0, "\(relative) has mode \(String(mode, radix: 8))")
            #expect(isDirectory || executable || mode == 0o600, "\(relative) has mode \(String(mode, radix: 8))")
            checked += 1
        }
        #expect(checked > 2)
    }

    @Test func validateEvaluatesThePipelineFileWithTheDeclaredEnvironmentOnly() async throws {
        try PipelineBuild.require()
        let folder = try TemporaryDirectory(prefix: "pipeline-secrets-env")
        try folder.write("pipelines/deploy.swift", """
            // pipeline-environment: RELEASE_CHANNEL
            import PipelineDescription
            import Glibc
            func value(_ name: String) -> String { getenv(name).map { String(cString: $0) } ?? "<unset>" }
            let seen = ["RELEASE_CHANNEL", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "UNDECLARED", "PATH"].map { "\\($0)=\\(value($0))" }
            let file = fopen("evaluated-environment.txt", "w")
            fputs(seen.joined(separator: "\\n") + "\\n", file)
            fclose(file)
            let pipeline = Pipeline("env-\\(value("RELEASE_CHANNEL"))") { Stage("s") { Shell("true") } }
            """)
        try folder.write("pipelines/bad.swift", "// pipeline-environment: OK_NAME, bad-name\nimport PipelineDescription\nlet p = Pipeline(\"x\") { Stage(\"s\") { Shell(\"true\") } }\n")
        let cli = CommandLineRunner(workingDirectory: folder.url, environment: [
            "RELEASE_CHANNEL": "beta", "AWS_SECRET_ACCESS_KEY": "runner-secret-\(UUID().uuidString)", "AWS_SESSION_TOKEN": "runner-token-1234",
            "UNDECLARED": "not-for-the-file",
        ])
        let validate = try await cli.pipeline(["validate", "pipelines/deploy.swift"])
        #expect(validate.status == 0, "\(validate)")
        #expect(validate.stdout.contains("pipeline 'env-beta' is valid"))
        let seen = try folder.read("evaluated-environment.txt")
        #expect(seen.contains("RELEASE_CHANNEL=beta\n"))
        #expect(seen.contains("AWS_SECRET_ACCESS_KEY=<unset>\n"), "\(seen)")
        #expect(seen.contains("AWS_SESSION_TOKEN=<unset>\n"), "\(seen)")
        #expect(seen.contains("UNDECLARED=<unset>\n"), "\(seen)")
        #expect(!seen.contains("PATH=<unset>"), "the base variables are passed: \(seen)")
        let bad = try await cli.pipeline(["validate", "pipelines/bad.swift"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("pipelines/bad.swift:1: error: 'bad-name' in `// pipeline-environment:`"), "\(bad)")
    }

    @Test func stepsGetOnlyTheirOwnCredentialsAndEveryOneIsMasked() async throws {
        try PipelineBuild.require()
        let server = try await LocalAWSServer.shared()
        let repository = try TemporaryGitRepository()
        let runnerSecret = try #require(server.environment["AWS_SECRET_ACCESS_KEY"])
        let pipeline = """
            import PipelineDescription
            let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "bbws-deploy-dev")
            let pipeline = Pipeline("credentials") {
                Stage("validation") {
                    Shell("echo \\"key=${AWS_SECRET_ACCESS_KEY:-none} file=${AWS_SHARED_CREDENTIALS_FILE:-none} container=${AWS_CONTAINER_AUTHORIZATION_TOKEN:-none}\\"")
                    Shell("cat runner-secret.txt")
                }
                Deploy(dev, after: "validation") {
                    Shell("echo \\"id=$AWS_ACCESS_KEY_ID secret=$AWS_SECRET_ACCESS_KEY token=$AWS_SESSION_TOKEN\\"")
                }
            }
            """
        _ = try repository.commit("pipeline", files: ["pipelines/deploy.swift": pipeline, "runner-secret.txt": "found \(runnerSecret)\n"])
        let containerToken = "container-token-\(UUID().uuidString)"
        let cli = CommandLineRunner(workingDirectory: repository.url, environment: server.environment.merging([
            "AWS_SHARED_CREDENTIALS_FILE": repository.url.appendingPathComponent("runner-secret.txt").path,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": containerToken,
        ]) { $1 })
        let run = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("│ key=none file=none container=none"), "\(run)")
        #expect(run.stdout.contains("│ found ***"), "\(run)")
        #expect(run.stdout.contains("│ id=*** secret=*** token=***"), "the environment's temporary credentials are masked: \(run)")
        let scan = SecretScan(secrets: [runnerSecret, containerToken])
        // What the runner wrote (the checkout of the run's commit holds the committed file itself).
        let written = try FileManager.default.contentsOfDirectory(at: repository.url.appendingPathComponent(".pipeline"), includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent != "worktrees" }
        let hits = scan.scan(run.stdout + run.stderr, place: "output") + written.flatMap(scan.scanFiles)
        #expect(hits.isEmpty, "\(hits)")
    }
}
