import Foundation
import PipelineTesting
import TestTiers
import Testing

/// A step runs as the runner's user, and a process may read `/proc/<pid>/environ` of any process
/// of its own user unless that process is undumpable. Tried as the attacker would: as a user who
/// is not root (root reads every process's environment and would hide the hole), a step walks up
/// its ancestors and reads what it can.
@Suite(.serialized, .integration) struct StepProcReadTests {
    static let user = "pipeline-step-probe"
    static let secret = "runner-base-secret-5c1d2e"

    static let pipeline = """
        import PipelineDescription
        let pipeline = Pipeline("peek") {
            Stage("validation") { Shell("./peek.sh", name: "peek") }
        }
        """

    /// Walks from the step's shell up to pid 1, recording for each ancestor whether its
    /// environment could be read, and everything it read.
    static let peek = """
        #!/bin/sh
        p=$PPID
        while [ "$p" -gt 1 ]; do
            if cat /proc/$p/environ > "$PROBE/environ.$p" 2>/dev/null; then echo "$p readable $(cat /proc/$p/comm)" >> "$PROBE/report"
            else echo "$p refused $(cat /proc/$p/comm)" >> "$PROBE/report"; fi
            p=$(sed 's/.*) //' /proc/$p/stat | cut -d' ' -f2)
        done
        """

    /// Runs `command` as `user` when this test runs as root, else as itself (already not root).
    static func asUnprivileged(_ arguments: [String], in folder: URL, environment: [String: String]) throws -> CommandLineRunner.Output {
        var runner = CommandLineRunner(workingDirectory: folder, environment: environment)
        if geteuid() == 0 {
            let assignments = environment.map { "\($0.key)=\($0.value)" }.sorted()
            runner.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
            return try runner.run("/usr/sbin/runuser", ["-u", user, "--", "/usr/bin/env"] + assignments + arguments, timeout: 300)
        }
        return try runner.run("/usr/bin/env", arguments, timeout: 300)
    }

    /// A repository whose one commit holds `pipeline` at `pipelinePath` and the script `script`
    /// as an executable `scriptPath` (in the commit and the working tree).
    static func repository(pipeline: String, at pipelinePath: String, script: String, at scriptPath: String) throws -> TemporaryGitRepository {
        let repository = try TemporaryGitRepository()
        _ = try repository.commit("probe", files: [pipelinePath: pipeline, scriptPath: script])
        _ = try repository.git("update-index", "--chmod=+x", scriptPath)
        _ = try repository.git("commit", "-q", "-m", "executable")
        chmod(repository.fileURL(scriptPath).path, 0o755)
        return repository
    }

    static func ensureUser() throws {
        guard geteuid() == 0 else { return }
        let runner = CommandLineRunner(workingDirectory: URL(fileURLWithPath: "/"))
        if try runner.run("/usr/bin/id", ["-u", user], timeout: 30).status != 0 {
            let made = try runner.run("/usr/sbin/useradd", ["--create-home", "--shell", "/bin/sh", user], timeout: 60)
            #expect(made.status == 0, "\(made)")
        }
    }

    @Test func aStepCannotReadTheRunnersEnvironmentThroughProc() async throws {
        try PipelineBuild.require()
        try Self.ensureUser()
        let repository = try Self.repository(pipeline: Self.pipeline, at: "pipelines/peek.swift", script: Self.peek, at: "peek.sh")
        let scratch = try TemporaryDirectory(prefix: "pipeline-probe")
        let probe = scratch.url.appendingPathComponent("probe"), home = scratch.url.appendingPathComponent("home")
        for folder in [probe, home] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        if geteuid() == 0 {
            for path in [repository.url.path, scratch.url.path] {
                let owned = try CommandLineRunner(workingDirectory: scratch.url).run("/bin/chown", ["-R", "\(Self.user):", path], timeout: 60)
                #expect(owned.status == 0, "\(owned)")
            }
        }
        let run = try Self.asUnprivileged(
            [PipelineBuild.executable.path, "run", "pipelines/peek.swift"], in: repository.url,
            environment: ["HOME": home.path, "PIPELINE_CACHE_DIR": home.appendingPathComponent("cache").path, "PROBE": probe.path,
                          "AWS_ACCESS_KEY_ID": "AKIARUNNERBASE000001", "AWS_SECRET_ACCESS_KEY": Self.secret, "NO_COLOR": "1"])
        #expect(run.status == 0, "\(run)")

        let report = (try? String(contentsOf: probe.appendingPathComponent("report"), encoding: .utf8)) ?? ""
        let runnerLine = report.split(separator: "\n").first { $0.hasSuffix(" pipeline") }
        #expect(runnerLine?.contains(" refused ") == true, "the runner's /proc/<pid>/environ is closed to its steps: \(report)")
        for name in try FileManager.default.contentsOfDirectory(atPath: probe.path) where name.hasPrefix("environ.") {
            let read = try Data(contentsOf: probe.appendingPathComponent(name))
            let leaked = String(decoding: read, as: UTF8.self).contains(Self.secret)
            #expect(!leaked, "\(name) held the runner's secret")
        }
    }
}
