import Foundation
import PipelineTesting
import Testing

/// A git repository with a deploy pipeline of slow, idempotent shell steps that record what
/// they deployed in `$TARGET`, for killing runners and resuming runs.
struct CrashRig {
    static let pipeline = """
        import PipelineDescription
        let team = Approvers(["lead@x": ["Lead Developer"], "tech@x": ["Lead Developer"]], allowUnsigned: true)
        let dev = Environment("dev", account: "536580886816", region: "af-south-1", role: "deploy-dev")
        let gated = Environment("gated", account: "536580886816", region: "af-south-1", role: "deploy-gated",
                                gate: .approvals(["Lead Developer"]))
        let pipeline = Pipeline("crash", approvers: team) {
            Stage("build") { Shell("./step.sh build", name: "build") }
            Deploy(dev, after: "build") {
                Shell("./step.sh one", name: "one")
                Shell("./step.sh two", name: "two")
                Shell("./step.sh three", name: "three")
            }
        }
        """

    /// Marks itself started, takes `$STEP_SECONDS` (30 s when it is `$SLOW_STEP`), then writes
    /// what it deployed (idempotent), and logs start and end lines (to see overlaps and repeats).
    static let step = """
        #!/bin/sh
        set -e
        echo "start $1 $$" >> "$MARKS/log"
        touch "$MARKS/$1.started"
        if [ "$1" = "${SLOW_STEP:-}" ]; then sleep 30; else sleep "${STEP_SECONDS:-1}"; fi
        echo "$1 at $(cat version.txt) $PIPELINE_COMMIT" > "$TARGET/$1"
        echo "end $1 $$" >> "$MARKS/log"
        """

    let repository: TemporaryGitRepository
    let scratch: TemporaryDirectory
    let cli: CommandLineRunner
    let commit: String

    /// `state`: extra environment choosing a shared store (e.g. `PIPELINE_STATE=dynamodb://…` and
    /// the AWS endpoint), for every invocation of this checkout and of its clones.
    init(pipeline: String = CrashRig.pipeline, stepSeconds: String = "1", state: [String: String] = [:]) throws {
        try PipelineBuild.require()
        repository = try TemporaryGitRepository()
        scratch = try TemporaryDirectory(prefix: "pipeline-crash")
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("target"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("marks"), withIntermediateDirectories: true)
        commit = try repository.commit("first", files: ["pipelines/deploy.swift": pipeline, "step.sh": Self.step, "version.txt": "v1"])
        _ = try repository.git("update-index", "--chmod=+x", "step.sh")
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repository.fileURL("step.sh").path)
        _ = try repository.git("commit", "-q", "-m", "executable step")
        cli = CommandLineRunner(workingDirectory: repository.url,
                                environment: Self.environment(scratch, stepSeconds: stepSeconds).merging(state) { $1 })
    }

    static func environment(_ scratch: TemporaryDirectory, stepSeconds: String) -> [String: String] {
        ["TARGET": scratch.url.appendingPathComponent("target").path, "MARKS": scratch.url.appendingPathComponent("marks").path,
         "STEP_SECONDS": stepSeconds, "PIPELINE_LEASE_SECONDS": "3", "USER": "runner@x"]
    }

    var head: String { (try? repository.revParse("HEAD")) ?? "" }
    var target: URL { scratch.url.appendingPathComponent("target") }
    var marks: URL { scratch.url.appendingPathComponent("marks") }

    /// What was deployed: file name → contents.
    func deployed() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: target.path) {
            files[name] = try String(contentsOf: target.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    func log() -> [String] {
        ((try? String(contentsOf: marks.appendingPathComponent("log"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// A clone of the repository: a second checkout (another CI machine's).
    func clone() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory(prefix: "pipeline-clone")
        _ = try repository.git("clone", "-q", repository.url.path, folder.url.appendingPathComponent("repo").path)
        return folder
    }

    static func runID(_ text: String) -> String? {
        text.firstMatch(of: /run (\d{8}-\d{6}-[0-9a-f]{4})/).map { String($0.1) }
    }

    /// The newest run's id, once there is one.
    func newestRun(timeout: TimeInterval = 60) async throws -> String {
        try await poll(timeout: timeout, "a run to be recorded") {
            let runs = try await cli.pipeline(["runs", "--limit", "1"])
            return runs.status == 0 ? runs.stdout.split(separator: "\n").dropFirst().first.map { String($0.prefix(20)) } : nil
        }
    }

    /// `pipeline status RUN --json`, decoded.
    func status(_ run: String, cli: CommandLineRunner? = nil) async throws -> RunReport {
        let output = try await (cli ?? self.cli).pipeline(["status", run, "--json"])
        guard output.status == 0 else { throw RigError(description: "status failed: \(output)") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(RunReport.self, from: Data(output.stdout.utf8))
    }

    struct RunReport: Decodable, Equatable {
        struct Stage: Decodable, Equatable { var name: String; var status: String }
        struct Step: Decodable, Equatable { var stage: String; var name: String; var phase: String; var status: String }
        var id: String
        var status: String
        var commit: String?
        var stages: [Stage]
        var steps: [Step]
    }

    struct RigError: Error, CustomStringConvertible { var description: String }

    /// Polls `body` until it returns a value, at most `timeout`.
    func poll<T>(timeout: TimeInterval = 60, _ what: String, _ body: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let value = try await body() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw RigError(description: "timed out waiting for \(what)")
    }

    /// Kills `runner` with SIGKILL and waits until it is gone (or a zombie: Foundation reaps it
    /// only once the pipes it had are closed, which its orphaned steps may hold).
    func kill(_ runner: CommandLineRunner.Started) async throws {
        let pid = runner.process.processIdentifier
        runner.signal(SIGKILL)
        try await poll(timeout: 10, "runner \(pid) to die") {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            return stat.split(separator: ")").last?.split(separator: " ").first == "Z" ? true : nil
        }
    }

    /// Every line of the run's events.jsonl parses as a JSON object; returns how many.
    static func eventLines(_ url: URL) throws -> (count: Int, unparsable: [String]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        var bad: [String] = []
        var count = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            count += 1
            if (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] == nil { bad.append(String(line)) }
        }
        if !text.isEmpty && !text.hasSuffix("\n") { bad.append("(no newline at the end)") }
        return (count, bad)
    }
}
