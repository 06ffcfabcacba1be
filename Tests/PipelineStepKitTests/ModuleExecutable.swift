import Foundation
import PipelineStepKit
import ProcessKit

/// A built step-module executable (`swift build` first), run as the runner runs it: its own
/// process, the request on stdin, the result read from descriptor 3.
struct ModuleExecutable {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) is missing: run `swift build --product \(URL(fileURLWithPath: path).lastPathComponent)` before the tests" }
    }

    struct Run {
        var status: ChildProcess.Termination
        /// What the module wrote on descriptor 3, parsed.
        var document: StepValue?
        var channel: Data
        var stdout: String
        var stderr: String
    }

    var path: String

    /// `$PIPELINE_BUILD_DIR/<name>`, else `<package>/.build/debug/<name>`.
    init(_ name: String) throws {
        let directory = ProcessInfo.processInfo.environment["PIPELINE_BUILD_DIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? Fixture.packageRoot.appendingPathComponent(".build/debug")
        path = directory.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing(path: path) }
    }

    func run(_ arguments: [String], input: Data?, descriptor3: Bool = true, environment extra: [String: String] = [:]) async throws -> Run {
        var process = ChildProcess(executable: path, arguments: arguments,
                                   environment: ProcessInfo.processInfo.environment.merging(extra) { _, new in new },
                                   workingDirectory: FileManager.default.temporaryDirectory.path, timeout: .seconds(30))
        process.captureDescriptor3 = descriptor3
        process.input = input
        let result = try await process.run()
        return Run(status: result.status, document: result.channel.isEmpty ? nil : try? StepValue(json: result.channel), channel: result.channel,
                   stdout: String(decoding: result.stdout, as: UTF8.self), stderr: String(decoding: result.stderr, as: UTF8.self))
    }
}
