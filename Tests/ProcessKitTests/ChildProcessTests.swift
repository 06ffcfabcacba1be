import Foundation
import ProcessKit
import TestTiers
import Testing

/// Real processes through /bin/sh: a child is over when it exits, whatever it left behind.
@Suite(.integration) struct ChildProcessTests {
    /// Whether a process is alive: it exists and is not a zombie (an ended process whose parent,
    /// here possibly a PID 1 that reaps nothing, has not collected it).
    static func alive(_ pid: Int32) -> Bool {
        guard pid > 1, kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return !stat[close...].hasPrefix(") Z")
    }

    /// Reads the pid a shell wrote to `file`, waiting up to 5 s for it.
    static func pid(in file: String) async throws -> Int32 {
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: file, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1 {
                return pid
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CocoaError(.fileReadNoSuchFile)
    }

    static func temporaryFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("childprocess-\(UUID().uuidString)").path
    }

    @Test func aDaemonInItsOwnSessionDoesNotHoldTheChildOpen() async throws {
        let pidFile = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        var process = ChildProcess(executable: "/bin/sh", arguments: ["-c", "setsid sh -c 'echo $$ > \(pidFile); exec sleep 300' & echo started"])
        process.drainPeriod = .milliseconds(300)
        let clock = ContinuousClock.now
        let result = try await process.run()
        let elapsed = ContinuousClock.now - clock
        let daemon = try await Self.pid(in: pidFile)
        defer { if daemon > 1 { kill(daemon, SIGKILL) } }
        #expect(result.status == .exited(0))
        #expect(String(decoding: result.stdout, as: UTF8.self) == "started\n")
        #expect(elapsed < .seconds(5), "the child exited at once but the run took \(elapsed)")
        #expect(result.duration < .seconds(5))
        #expect(result.lingering.map(\.pid).contains(daemon), "\(result.lingering)")
        #expect(result.lingering.first { $0.pid == daemon }?.command.contains("sleep 300") == true)
        #expect(Self.alive(daemon), "an escaped daemon is reported, not ended")
    }

    @Test func outputWrittenJustBeforeExitIsAllRead() async throws {
        let process = ChildProcess(executable: "/bin/sh", arguments: ["-c", "head -c 300000 /dev/zero; echo; echo err >&2"])
        let result = try await process.run()
        #expect(result.status == .exited(0))
        #expect(result.stdout.count == 300_001)
        #expect(String(decoding: result.stderr, as: UTF8.self) == "err\n")
        #expect(result.lingering.isEmpty)
    }

    @Test func aTimeoutEndsTheGroupAndReportsWhatEscapedIt() async throws {
        let pidFile = Self.temporaryFile(), memberFile = Self.temporaryFile()
        defer { for file in [pidFile, memberFile] { try? FileManager.default.removeItem(atPath: file) } }
        var process = ChildProcess(
            executable: "/bin/sh",
            arguments: ["-c", "setsid sh -c 'echo $$ > \(pidFile); exec sleep 300' & sh -c 'echo $$ > \(memberFile); exec sleep 300' & sleep 300"],
            timeout: .seconds(1))
        process.killGracePeriod = .milliseconds(500)
        process.drainPeriod = .milliseconds(300)
        let clock = ContinuousClock.now
        let result = try await process.run()
        let elapsed = ContinuousClock.now - clock
        let daemon = try await Self.pid(in: pidFile), member = try await Self.pid(in: memberFile)
        defer { if daemon > 1 { kill(daemon, SIGKILL) } }
        #expect(result.status == .timedOut)
        #expect(elapsed < .seconds(6), "a 1 s timeout took \(elapsed)")
        try await Task.sleep(for: .milliseconds(200))
        #expect(!Self.alive(member), "a process of the child's group survived its timeout")
        #expect(result.lingering.map(\.pid) == [daemon], "\(result.lingering)")
    }

    @Test func cancellationEndsTheChildPromptly() async throws {
        let memberFile = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: memberFile) }
        var process = ChildProcess(executable: "/bin/sh", arguments: ["-c", "sh -c 'echo $$ > \(memberFile); exec sleep 300' & wait"])
        process.killGracePeriod = .milliseconds(500)
        let task = Task { try await process.run() }
        let member = try await Self.pid(in: memberFile)
        let clock = ContinuousClock.now
        task.cancel()
        let result = try await task.value
        #expect(result.status == .cancelled)
        #expect(ContinuousClock.now - clock < .seconds(5))
        try await Task.sleep(for: .milliseconds(200))
        #expect(!Self.alive(member))
    }

    @Test func childrenSpawnedAtTheSameTimeDoNotHoldEachOthersOutput() async throws {
        let quick = try await withThrowingTaskGroup(of: (Bool, ChildProcess.Result).self) { group in
            for index in 0..<16 {
                group.addTask {
                    var process = ChildProcess(executable: "/bin/sh", arguments: ["-c", index.isMultiple(of: 2) ? "echo quick" : "sleep 3"])
                    process.drainPeriod = .milliseconds(500)
                    return (index.isMultiple(of: 2), try await process.run())
                }
            }
            var quick: [ChildProcess.Result] = []
            for try await (isQuick, result) in group where isQuick { quick.append(result) }
            return quick
        }
        #expect(quick.count == 8)
        for result in quick {
            #expect(result.lingering.isEmpty, "a concurrently spawned child inherited this one's pipes: \(result.lingering)")
            #expect(result.duration < .seconds(2))
        }
    }

    @Test func aChildInheritsNoneOfTheParentsOtherDescriptors() async throws {
        let file = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        // Opened without close-on-exec, as inherited descriptors and older code open them.
        let descriptor = open(file, O_CREAT | O_WRONLY, 0o600)
        #expect(descriptor > 3)
        defer { close(descriptor) }
        let result = try await ChildProcess(executable: "/bin/sh", arguments: ["-c", "ls /proc/$$/fd"]).run()
        let open = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").compactMap { Int32($0) }
        #expect(open.contains(1))
        #expect(!open.contains(descriptor), "the child inherited descriptor \(descriptor): \(open)")
    }
}
