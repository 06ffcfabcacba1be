import Foundation

/// Runs the real `pipeline` binary (or any program) and captures what it printed.
public struct CommandLineRunner: Sendable {
    public struct Output: Sendable, CustomStringConvertible {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
    }

    public var workingDirectory: URL
    public var environment: [String: String]

    /// A runner in `workingDirectory` with the current environment, a private pipeline cache
    /// shared by the test process (so compiled pipelines are reused), this package's built step
    /// modules on `PIPELINE_STEP_PATH`, and colour off.
    public init(workingDirectory: URL, environment extra: [String: String] = [:]) {
        self.workingDirectory = workingDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["PIPELINE_CACHE_DIR"] = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-test-cache").path
        environment.removeValue(forKey: "GITHUB_ACTIONS")
        environment.removeValue(forKey: "GITHUB_STEP_SUMMARY")
        // The step modules this package builds (pipeline-step-cost-estimate, …), as the SwiftPM
        // plugin would put them on PIPELINE_STEP_PATH.
        environment["PIPELINE_STEP_PATH"] = PipelineBuild.directory.path
        environment.merge(extra) { _, new in new }
        self.environment = environment
    }

    /// Runs `pipeline` with `arguments` and waits (at most `timeout`) without blocking a
    /// Swift concurrency thread (tests run on a pool as wide as the machine has cores).
    public func pipeline(_ arguments: [String], timeout: TimeInterval = 300) async throws -> Output {
        let started = try Started(executable: PipelineBuild.executable.path, arguments: arguments, in: self)
        return try await started.finish(timeout: timeout)
    }

    /// Starts `pipeline` without waiting; for tests that signal it.
    public func start(_ arguments: [String]) throws -> Started {
        let process = Process()
        process.executableURL = PipelineBuild.executable
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return Started(process: process, stdout: out, stderr: err)
    }

    public func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 300) throws -> Output {
        let started = try Started(executable: executable, arguments: arguments, in: self)
        return try started.wait(timeout: timeout)
    }

    /// A running child process.
    public final class Started: @unchecked Sendable {
        // @unchecked: `Process` is not Sendable; a test owns one Started and uses it from one task.
        public let process: Process
        let stdout: Pipe
        let stderr: Pipe
        private var collected: (Data, Data)?
        private let group = DispatchGroup()

        init(process: Process, stdout: Pipe, stderr: Pipe) {
            self.process = process
            self.stdout = stdout
            self.stderr = stderr
            drain()
        }

        convenience init(executable: String, arguments: [String], in runner: CommandLineRunner) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.currentDirectoryURL = runner.workingDirectory
            process.environment = runner.environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            self.init(process: process, stdout: out, stderr: err)
        }

        private var outData = Data(), errData = Data()

        private func drain() {
            group.enter()
            group.enter()
            DispatchQueue.global().async { [self] in
                outData = stdout.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
            DispatchQueue.global().async { [self] in
                errData = stderr.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }

        public func signal(_ number: Int32) {
            kill(process.processIdentifier, number)
        }

        public struct TimedOut: Error, CustomStringConvertible {
            public var description: String
        }

        /// Waits for the process to end on a dispatch thread, not a Swift concurrency one.
        public func finish(timeout: TimeInterval = 300) async throws -> Output {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try self.wait(timeout: timeout) })
                }
            }
        }

        /// Waits for the process to end (killing it after `timeout`).
        public func wait(timeout: TimeInterval = 300) throws -> Output {
            if group.wait(timeout: .now() + timeout) == .timedOut {
                process.terminate()
                _ = group.wait(timeout: .now() + 5)
                throw TimedOut(description: "\(process.executableURL?.path ?? "process") did not finish within \(Int(timeout))s")
            }
            process.waitUntilExit()
            return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
        }

    }
}
