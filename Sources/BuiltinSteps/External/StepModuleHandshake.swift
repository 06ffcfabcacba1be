import Foundation
import PipelineModel
import ProcessKit
import Synchronization

/// Asks a module who it is (`describe`) and remembers the answer per executable (path, size and
/// modification time), so a pipeline with ten steps of one module starts it once.
public final class StepModuleHandshake: Sendable {
    /// What a program answered.
    public enum Answer: Sendable, Equatable {
        /// A version 2 module and its description.
        case module(StepProtocol.Description)
        /// No handshake: run as a version 1 module (only where its source allows it).
        case version1(reason: String)
    }

    public static let shared = StepModuleHandshake()

    private struct Key: Hashable { var path: String, size: Int, modified: Double }
    private let answers = Mutex<[Key: Answer]>([:])

    public init() {}

    /// The module's answer, from the cache when its executable has not changed. Throws when the
    /// program is no step module and its source does not allow version 1, or when it speaks a
    /// version this runner does not.
    public func describe(_ location: StepModuleLocator.Location, workingDirectory: URL) throws -> Answer {
        let key = Self.key(location.path)
        if let key, let known = answers.withLock({ $0[key] }) { return try check(known, location) }
        let answer = try Self.ask(location, workingDirectory: workingDirectory)
        if let key { answers.withLock { $0[key] = answer } }
        return try check(answer, location)
    }

    private func check(_ answer: Answer, _ location: StepModuleLocator.Location) throws -> Answer {
        if case .version1(let reason) = answer, !location.source.acceptsVersion1 {
            throw ExternalStepError.notAModule(module: location.module, path: location.path, reason: reason)
        }
        return answer
    }

    private static func key(_ path: String) -> Key? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date else { return nil }
        return Key(path: path, size: size, modified: modified.timeIntervalSince1970)
    }

    /// Runs `describe` (blocking the calling thread, at most ``StepProtocol/describeTimeout``).
    static func ask(_ location: StepModuleLocator.Location, workingDirectory: URL) throws -> Answer {
        var environment = AWSAccess.withoutRunnerSecrets(ProcessInfo.processInfo.environment)
        environment["PIPELINE_STEP_PROTOCOL"] = String(StepProtocol.current)
        environment["PIPELINE_STEP_RESULT_FD"] = "3"
        var process = ChildProcess(executable: location.path, arguments: ["describe"], environment: environment,
                                   workingDirectory: workingDirectory.path, timeout: StepProtocol.describeTimeout)
        StepAccount.current?.apply(to: &process)
        process.captureDescriptor3 = true
        process.channelLimit = StepProtocol.resultLimit
        process.retainedOutputLimit = 4096
        process.killGracePeriod = .seconds(1)
        process.input = try StepProtocol.encoder.encode(StepProtocol.DescribeRequest())
        let outcome = try process.runSynchronously()
        let module = location.module
        if outcome.status == .timedOut {
            throw ExternalStepError.describeFailed(module: module, path: location.path, reason: "did not answer within \(StepProtocol.describeTimeout)")
        }
        if outcome.channelOverflowed {
            throw ExternalStepError.describeFailed(module: module, path: location.path, reason: "wrote more than \(StepProtocol.resultLimit) bytes on descriptor 3")
        }
        guard let description = try? JSONDecoder().decode(StepProtocol.Description.self, from: outcome.channel),
              description.handshake == StepProtocol.handshake else {
            let said = outcome.channel.isEmpty ? "wrote nothing on descriptor 3" : "wrote no handshake on descriptor 3"
            return .version1(reason: "`\(location.path) describe` \(outcome.status) and \(said)")
        }
        guard let version = description.protocol, StepProtocol.versions.contains(version), version >= 2 else {
            throw ExternalStepError.protocolMismatch(module: module, version: description.protocol ?? 0)
        }
        guard outcome.status == .exited(0) else {
            throw ExternalStepError.describeFailed(module: module, path: location.path, reason: "`describe` \(outcome.status)")
        }
        return .module(description)
    }
}
