import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Team step modules through the real `pipeline` binary: a Python module through every verb,
/// parameter checks at load, discovery, and modules that misbehave in every way the protocol
/// allows them to: the step fails with a message that says what happened; the runner goes on.
@Suite(.serialized, .integration) struct StepModuleEndToEndTests {
    let base = EndToEndTests()
    static let pythonModules = PipelineBuild.packageRoot.appendingPathComponent("examples/steps/python").path

    /// An environment without a gate, so a deploy stage runs without approvals.
    static let test = """
        let test = Environment("test", account: "111111111111", region: "af-south-1", role: "deploy")

        """

    func workspace(_ body: String, stepPath: String? = nil) throws -> (TemporaryDirectory, CommandLineRunner) {
        var (folder, cli) = try base.workspace(Self.test + body)
        cli.environment["PIPELINE_STEP_PATH"] = stepPath ?? Self.pythonModules
        return (folder, cli)
    }

    /// A Python module that answers `describe` as a version 2 module (or as `describeVersion`)
    /// and runs `apply` as given.
    static func module(_ name: String, apply: String, describeVersion: Int = 2) -> String {
        """
        #!/usr/bin/env python3
        import json, os, sys, time
        verb = sys.argv[1]
        request = json.load(sys.stdin)
        def answer(document, status=0):
            os.write(3, json.dumps(document).encode())
            sys.exit(status)
        if verb == "describe":
            answer({"handshake": "pipeline-step", "protocol": \(describeVersion), "name": "\(name)", "version": "0.0.1",
                    "summary": "misbehaves", "parameters": {"type": "object"}, "supports": {"plan": False, "verify": False, "rollback": False}})
        \(apply)
        answer({"protocol": 2, "message": "ok"})
        """
    }

    @Test func aPythonModuleRunsThroughEveryVerb() async throws {
        let hook = try LoopbackHTTPServer { _ in .json(200, "{}") }
        defer { hook.stop() }
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("python", approvers: team) {
                Stage("plan") { Plan(test) }
                Deploy(test, after: "plan", rollback: .eachStep) {
                    Custom("webhook", with: ["url": "\(hook.baseURL.absoluteString)/hooks/deploys", "channel": "#deploys"])
                    Shell("exit 1", name: "smoke")
                }
            }
            """)
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"], timeout: 120)
        #expect(output.status == 3, "the deploy failed and was rolled back: \(output)")
        #expect(output.stdout.contains("> webhook #deploys (post a notice about"), "the module's plan is in the saved plan: \(output)")
        let texts = try hook.requests.map { request -> String in
            #expect(request.method == "POST")
            #expect(request.path == "/hooks/deploys")
            let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
            #expect(body["channel"] as? String == "#deploys")
            #expect(body["stage"] as? String == "test")
            return try #require(body["text"] as? String)
        }
        #expect(texts.count == 3, "apply, verify and rollback each posted: \(texts)")
        #expect(texts.first?.hasPrefix("deploying ") == true)
        #expect(texts.dropFirst().first?.hasPrefix("deployed ") == true)
        #expect(texts.last == "rolled back test")
        let id = try base.runID(output)
        let summary = try folder.read(".pipeline/runs/\(id)/summary.md")
        #expect(summary.contains("notified #deploys about test"), "a summary line of the module's result: \(summary)")
        #expect(output.stdout.contains("#deploys: posted (HTTP 200)"), "the module's log")
    }

    @Test func aParameterTypoIsReportedAtLoadWithFileAndLine() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("typo", approvers: team) {
                Stage("notify") {
                    Custom("webhook", with: ["url": "http://127.0.0.1:9/", "chanel": "#deploys"])
                    Custom("webhook", name: "no-url", with: ["timeoutSeconds": 0])
                }
            }
            """)
        let output = try await cli.pipeline(["validate", "pipelines/deploy.swift"])
        #expect(output.status == 64, "\(output)")
        let errors = output.stderr
        #expect(errors.contains("pipelines/deploy.swift:18: error: step 'webhook', parameter 'chanel': property \"chanel\" is not allowed (allowed: channel, timeoutSeconds, token, url)"), "\(output)")
        #expect(errors.contains("pipelines/deploy.swift:19: error: step 'no-url': missing required property \"url\""), "a missing required parameter: \(output)")
        #expect(errors.contains("pipelines/deploy.swift:19: error: step 'no-url', parameter 'timeoutSeconds': must be at least 1"), "a value below the minimum: \(output)")
        let run = try await cli.pipeline(["run", "pipelines/deploy.swift"])
        #expect(run.status == 64, "a run refuses the pipeline before anything runs: \(run)")
        #expect(!run.stdout.contains("run "), "\(run)")
        withExtendedLifetime(folder) {}
    }

    @Test func misbehavingModulesFailTheirStepNotTheRunner() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("faults", approvers: team) {
                Stage("faults", failFast: false) {
                    Custom("crash")
                    Custom("hang", timeout: .seconds(2))
                    Custom("garbage")
                    Custom("huge")
                    Custom("flood")
                    Custom("future")
                    Custom("refuses")
                }
            }
            """, stepPath: "tools")
        try folder.write("tools/pipeline-step-crash", Self.module("crash", apply: "import signal; os.kill(os.getpid(), signal.SIGSEGV)"), executable: true)
        try folder.write("tools/pipeline-step-hang", Self.module("hang", apply: "time.sleep(600)"), executable: true)
        try folder.write("tools/pipeline-step-garbage", Self.module("garbage", apply: "os.write(3, b'hello, not json'); sys.exit(0)"), executable: true)
        try folder.write("tools/pipeline-step-huge", Self.module("huge", apply: """
            chunk = b'[' + b'0,' * 65536
            for _ in range(40): os.write(3, chunk)
            sys.exit(0)
            """), executable: true)
        try folder.write("tools/pipeline-step-flood", Self.module("flood", apply: """
            line = 'x' * 199 + '\\n'
            for _ in range(100000): sys.stdout.write(line)
            sys.stdout.flush()
            """), executable: true)
        try folder.write("tools/pipeline-step-future", Self.module("future", apply: "answer({'protocol': 3, 'message': 'from the future'})"), executable: true)
        try folder.write("tools/pipeline-step-refuses", Self.module("refuses", apply: "answer({'protocol': 2, 'message': 'the change window is closed'}, 2)"), executable: true)
        let clock = ContinuousClock.now
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"], timeout: 120)
        let elapsed = ContinuousClock.now - clock
        #expect(output.status == 1, "the stage failed; the runner did not: \(output.stderr)")
        let text = output.stdout
        #expect(text.contains("step module 'crash' apply was killed by signal 11 (segmentation fault)"), "\(output.stderr)")
        #expect(text.contains("step 'hang' timed out after 2"), "\(output.stderr)")
        #expect(text.contains("step module 'garbage' apply wrote a result on descriptor 3 that is not step protocol JSON: not one JSON document (it starts with \"hello, not json\")"))
        #expect(text.contains("step module 'huge' apply wrote a result on descriptor 3 that is not step protocol JSON: it is larger than 1024 KiB"))
        #expect(text.contains("step module 'future' speaks step protocol 3; this runner speaks 1 and 2"))
        #expect(text.contains("step module 'refuses' apply exited with status 2: the change window is closed"))
        #expect(text.contains("output truncated after"), "the flood is cut in the events and the console")
        #expect(!text.contains("step 'flood' failed"), "a loud module is not a failed one")
        #expect(elapsed < .seconds(90), "the run took \(elapsed)")
        let id = try base.runID(output)
        let events = try FileManager.default.attributesOfItem(atPath: folder.url.appendingPathComponent(".pipeline/runs/\(id)/events.jsonl").path)
        #expect((events[.size] as? Int ?? .max) < 4 << 20, "20 MB of log kept the events file small")
    }

    @Test func aModuleOfAnotherVersionOrNoModuleAtAllIsRefusedAtLoad() async throws {
        let (folder, cli) = try workspace("""
            let pipeline = Pipeline("versions", approvers: team) {
                Stage("a") { Custom("next") ; Custom("imposter") ; Custom("silent") }
            }
            """, stepPath: "tools")
        try folder.write("tools/pipeline-step-next", Self.module("next", apply: "", describeVersion: 3), executable: true)
        try folder.write("tools/pipeline-step-imposter", "#!/bin/sh\necho 'I am a backup script'\n", executable: true)
        try folder.write("tools/pipeline-step-silent", "#!/bin/sh\nexec sleep 60\n", executable: true)
        let clock = ContinuousClock.now
        let output = try await cli.pipeline(["validate", "pipelines/deploy.swift"], timeout: 60)
        #expect(ContinuousClock.now - clock < .seconds(30), "a module that never answers is given 10 seconds")
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains("pipelines/deploy.swift:17: error: step 'next': step module 'next' speaks step protocol 3; this runner speaks 1 and 2"), "\(output)")
        #expect(output.stderr.contains("tools/pipeline-step-imposter is not a step module"), "\(output)")
        #expect(output.stderr.contains("failed its `describe` handshake: did not answer within 10"), "\(output)")
        let steps = try await cli.pipeline(["steps"], timeout: 60)
        #expect(steps.status == 0)
        #expect(steps.stderr.contains("pipeline-step-imposter is not a step module"), "\(steps)")
        #expect(!steps.stdout.contains("imposter"), "\(steps)")
    }

    @Test func stepsListsBuiltInAndFoundModulesAndDescribesOne() async throws {
        let (folder, cli) = try workspace("let pipeline = Pipeline(\"list\", approvers: team) { Stage(\"a\") { Shell(\"true\") } }")
        try folder.write("steps/pipeline-step-local", Self.module("local", apply: ""), executable: true)
        let list = try await cli.pipeline(["steps"])
        #expect(list.status == 0, "\(list)")
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.contains { $0.prefix(4) == ["webhook", "1.0.0", "2", "PIPELINE_STEP_PATH"] }, "\(list)")
        #expect(rows.contains { $0.prefix(4) == ["local", "0.0.1", "2", "repository"] }, "\(list)")
        #expect(rows.contains { $0.prefix(4) == ["shell", "-", "-", "built-in"] }, "\(list)")
        let described = try await cli.pipeline(["steps", "describe", "webhook"])
        #expect(described.status == 0, "\(described)")
        #expect(described.stdout.contains("verbs: apply, plan, verify, rollback"))
        let url = try #require(described.stdout.split(separator: "\n").first { $0.hasPrefix("url ") })
        #expect(url.contains("string") && url.contains("yes") && url.contains("the webhook to POST to"), "\(described)")
        let json = try await cli.pipeline(["steps", "describe", "webhook", "--json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["version"] as? String == "1.0.0")
        #expect((document["parameters"] as? [String: Any])?["required"] as? [String] == ["url"])
        let missing = try await cli.pipeline(["steps", "describe", "nothing"])
        #expect(missing.status == 64, "\(missing)")
        #expect(missing.stderr.contains("step module 'nothing' not found"), "\(missing)")
    }
}
