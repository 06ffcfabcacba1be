import Foundation
import PipelineTesting
import TestTiers
import Testing

/// Steps that leave processes behind, time out or are cancelled, and signals to the runner
/// while it loads a pipeline file: through the real `pipeline` binary.
@Suite(.integration) struct ProcessLifetimeEndToEndTests {
    let base = EndToEndTests()

    /// Whether a process is alive: it exists and is not a zombie (an ended process whose parent,
    /// here possibly a PID 1 that reaps nothing, has not collected it).
    static func alive(_ pid: Int32) -> Bool {
        guard pid > 1, kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return !stat[close...].hasPrefix(") Z")
    }

    static func waitFor(_ path: String, seconds: Int = 60) async throws -> String {
        for _ in 0..<(seconds * 10) {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") { return text }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }

    /// The pid in a file a shell wrote (`echo $$ > file`); -1 when it holds none, never 0 (which
    /// `kill` would take as this test's whole process group).
    static func pid(_ text: String) -> Int32 { Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)).flatMap { $0 > 1 ? $0 : nil } ?? -1 }

    /// Ends a process the test made, if it is one.
    static func end(_ pid: Int32) { if pid > 1 { kill(pid, SIGKILL) } }

    @Test func aStepThatStartsADaemonEndsWhenItsProcessDoesAndSaysWhatItLeft() async throws {
        let (folder, cli) = try base.workspace("""
            let pipeline = Pipeline("daemon", approvers: team) {
                Stage("start") { Shell("setsid sh -c 'echo $$ > daemon.pid; exec sleep 300' & echo launched") }
                Stage("next", after: "start") { Shell("echo next ran") }
            }
            """)
        let clock = ContinuousClock.now
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"], timeout: 60)
        let elapsed = ContinuousClock.now - clock
        let daemon = Self.pid(try await Self.waitFor(folder.url.appendingPathComponent("daemon.pid").path))
        defer { Self.end(daemon) }
        #expect(output.status == 0, "\(output)")
        #expect(elapsed < .seconds(30), "the step exited at once; the run took \(elapsed)")
        #expect(output.stdout.contains("│ next ran"))
        #expect(output.stdout.contains("outlived the step's own process"), "\(output)")
        #expect(output.stdout.contains("pid \(daemon) (sleep 300)"), "\(output)")
        let id = try base.runID(output)
        let events = try folder.read(".pipeline/runs/\(id)/events.jsonl").split(separator: "\n")
        let finished = try #require(events.first { $0.contains("\"kind\":\"stepFinished\"") && $0.contains("\"stage\":\"start\"") })
        let duration = try #require(finished.firstMatch(of: /"durationMs":(\d+)/)).1
        #expect(Int(duration)! < 10_000, "the step is reported as taking \(duration) ms")
    }

    @Test func aStepTimeoutFiresOnTimeDespiteADaemonAndEndsTheStepsGroup() async throws {
        let (folder, cli) = try base.workspace("""
            let pipeline = Pipeline("timeout", approvers: team) {
                Stage("slow") {
                    Shell("setsid sh -c 'echo $$ > daemon.pid; exec sleep 300' & sh -c 'echo $$ > member.pid; exec sleep 300' & sleep 300")
                        .timeout(.seconds(3))
                }
            }
            """)
        let clock = ContinuousClock.now
        let output = try await cli.pipeline(["run", "pipelines/deploy.swift"], timeout: 90)
        let elapsed = ContinuousClock.now - clock
        let daemon = Self.pid(try await Self.waitFor(folder.url.appendingPathComponent("daemon.pid").path))
        let member = Self.pid(try await Self.waitFor(folder.url.appendingPathComponent("member.pid").path))
        defer { Self.end(daemon) }
        #expect(output.status == 1, "\(output)")
        #expect(output.stdout.contains("timed out after 3"), "\(output)")
        #expect(elapsed < .seconds(40), "a 3 s timeout ended the run after \(elapsed)")
        #expect(!Self.alive(member), "a process of the step's group outlived its timeout")
        #expect(output.stdout.contains("pid \(daemon) (sleep 300)"), "\(output)")
    }

    @Test func sigtermStopsAStepWhoseDaemonHoldsItsOutput() async throws {
        let (folder, cli) = try base.workspace("""
            let pipeline = Pipeline("term", approvers: team) {
                Stage("long") { Shell("setsid sh -c 'echo $$ > daemon.pid; exec sleep 300' & echo started > started.txt; sleep 300") }
            }
            """)
        let started = try cli.start(["run", "pipelines/deploy.swift"])
        _ = try await Self.waitFor(folder.url.appendingPathComponent("started.txt").path)
        let daemon = Self.pid(try await Self.waitFor(folder.url.appendingPathComponent("daemon.pid").path))
        defer { Self.end(daemon) }
        let clock = ContinuousClock.now
        started.signal(SIGTERM)
        let output = try await started.finish(timeout: 60)
        #expect(output.status == 130, "\(output)")
        #expect(ContinuousClock.now - clock < .seconds(20))
        #expect(output.stdout.contains("was cancelled"), "\(output)")
    }

    @Test func sigtermWhileThePipelineFileLoadsEndsItsProcessAndExits130() async throws {
        let (folder, cli) = try base.workspace("")
        try folder.write("pipelines/deploy.swift", "import Foundation\n" + EndToEndTests.header + """
            try! "\\(getpid())\\n".write(toFile: "loader.pid", atomically: true, encoding: .utf8)
            sleep(300)
            let pipeline = Pipeline("slow-load", approvers: team) { Stage("a") { Shell("true") } }
            """)
        let started = try cli.start(["validate", "pipelines/deploy.swift"])
        let loader = Self.pid(try await Self.waitFor(folder.url.appendingPathComponent("loader.pid").path, seconds: 240))
        #expect(Self.alive(loader))
        started.signal(SIGTERM)
        let output = try await started.finish(timeout: 60)
        #expect(output.status == 130, "\(output)")
        try await Task.sleep(for: .milliseconds(300))
        #expect(!Self.alive(loader), "the pipeline file's process outlived the runner")
    }

    @Test func aCancelledDeployStageRunsItsRollbackPath() async throws {
        let (folder, cli) = try base.workspace("""
            let pipeline = Pipeline("cancel-rollback", approvers: team) {
                Stage("deploy", rollback: .eachStep) {
                    Shell("echo v2 > live.txt", rollback: "echo v1 > live.txt")
                    Shell("echo started > started.txt; sleep 300")
                }
            }
            """)
        try folder.write("live.txt", "v1\n")
        let started = try cli.start(["run", "pipelines/deploy.swift"])
        _ = try await Self.waitFor(folder.url.appendingPathComponent("started.txt").path)
        #expect(try folder.read("live.txt") == "v2\n")
        started.signal(SIGINT)
        let output = try await started.finish(timeout: 60)
        #expect(output.status == 130, "\(output)")
        #expect(try folder.read("live.txt") == "v1\n", "the cancelled stage's change was not rolled back")
        #expect(output.stdout.contains("rolled back"), "\(output)")
        let status = try await cli.pipeline(["status"])
        #expect(status.stdout.contains("deploy: cancelled"), "\(status)")
    }
}
