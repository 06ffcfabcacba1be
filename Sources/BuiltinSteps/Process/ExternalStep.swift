import Foundation
import PipelineEngine
import PipelineModel
import ProcessKit

/// The built-in `external` step: runs a team's own step module as a separate process speaking
/// the step protocol, version 1 (`docs/step-protocol.md`):
///
/// - invoked as `<executable> <verb>` with verb `plan`, `apply`, `verify` or `rollback`;
/// - a JSON request on stdin: `{"protocol":1,"verb":…,"run":{…},"environment":{…}|null,
///   "parameters":{…},"rollbackTarget":…}`;
/// - an optional JSON result on descriptor 3: `{"protocol":1,"message":…,"changes":[…]}`;
/// - stdout and stderr are the step's log; a line `::secret::VALUE` registers a secret instead;
/// - exit status 0 is success, anything else failure. A crash only fails the step.
public struct ExternalStep: StepModule {
    public static let kind = "external"
    public static let summary = "a team's own step module, run as a process (module, executable, with)"
    public static let protocolVersion = 1

    let module: String
    let executable: String?
    let parameters: JSONValue

    public init(step: StepDefinition) throws {
        guard let module = step.string("module"), !module.isEmpty else {
            throw StepConfigurationError(step: step.name, field: "module", message: "name the step module, e.g. Custom(\"notify\")")
        }
        self.module = module
        executable = step.string("executable")
        parameters = step.parameters["with"] ?? .object([:])
    }

    public var canRollBack: Bool { true }

    public func plan(in context: StepContext) async throws -> StepPlan {
        let result = try await invoke("plan", context: context)
        return StepPlan(changes: result.changes ?? [PlannedChange(action: .run, resource: context.step.name, detail: "custom module '\(module)'")])
    }

    public func apply(in context: StepContext) async throws {
        _ = try await invoke("apply", context: context)
    }

    public func verify(in context: StepContext) async throws {
        _ = try await invoke("verify", context: context)
    }

    public func rollback(in context: StepContext) async throws {
        _ = try await invoke("rollback", context: context)
    }

    struct Request: Encodable {
        struct Run: Encodable {
            var id: String, stage: String, step: String, commit: String?, workspace: String
        }
        var `protocol` = ExternalStep.protocolVersion
        var verb: String
        var run: Run
        var environment: EnvironmentDefinition?
        var parameters: JSONValue
        var rollbackTarget: String?
    }

    struct Result: Decodable {
        var `protocol`: Int?
        var message: String?
        var changes: [PlannedChange]?
    }

    func invoke(_ verb: String, context: StepContext) async throws -> Result {
        let path = try locate(in: context.workspace)
        let request = Request(
            verb: verb,
            run: .init(id: context.runID, stage: context.stage, step: context.step.name, commit: context.commit, workspace: context.workspace.path),
            environment: context.environment, parameters: try context.secretResolver.resolve(parameters),
            rollbackTarget: context.rollbackTarget)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let variables = try await context.processEnvironment(adding: [
            "PIPELINE_STEP_PROTOCOL": String(Self.protocolVersion), "PIPELINE_STEP_RESULT_FD": "3",
        ])
        var process = ChildProcess(executable: path, arguments: [verb], environment: variables, workingDirectory: context.workspace.path)
        process.captureDescriptor3 = true
        process.retainedOutputLimit = 64 * 1024  // the output is streamed to the step's log
        process.input = try encoder.encode(request)
        let splitter = SecretAwareSplitter(context: context)
        let outcome = try await process.run { stream, chunk in splitter.feed(chunk, stream: stream) }
        splitter.flush()
        context.warnAboutLingering(outcome)
        switch outcome.status {
        case .exited(0): break
        case .cancelled: throw CancellationError()
        case let status:
            let result = try? JSONDecoder().decode(Result.self, from: outcome.channel)
            throw ExternalStepError.failed(module: module, verb: verb, how: status.description, message: result?.message)
        }
        guard !outcome.channel.isEmpty else { return Result() }
        do {
            let result = try JSONDecoder().decode(Result.self, from: outcome.channel)
            if let version = result.protocol, version != Self.protocolVersion {
                throw ExternalStepError.protocolMismatch(module: module, version: version)
            }
            return result
        } catch let error as ExternalStepError {
            throw error
        } catch {
            throw ExternalStepError.badResult(module: module, verb: verb, reason: "\(error)")
        }
    }

    func locate(in workspace: URL) throws -> String {
        var candidates: [String] = []
        if let executable {
            candidates.append(executable.hasPrefix("/") ? executable : workspace.appendingPathComponent(executable).path)
        } else {
            candidates.append(workspace.appendingPathComponent("steps/pipeline-step-\(module)").path)
            for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
                candidates.append("\(directory)/pipeline-step-\(module)")
            }
        }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        throw ExternalStepError.notFound(module: module, searched: Array(candidates.prefix(4)))
    }
}

/// Why a team's step module failed.
public enum ExternalStepError: Error, CustomStringConvertible {
    case notFound(module: String, searched: [String])
    case failed(module: String, verb: String, how: String, message: String?)
    case badResult(module: String, verb: String, reason: String)
    case protocolMismatch(module: String, version: Int)

    public var description: String {
        switch self {
        case .notFound(let module, let searched):
            "step module '\(module)' not found (looked for an executable at \(searched.joined(separator: ", "))); set `executable:` in Custom(...) or install pipeline-step-\(module) on PATH"
        case .failed(let module, let verb, let how, let message):
            "step module '\(module)' \(verb) \(how)" + (message.map { ": \($0)" } ?? "")
        case .badResult(let module, let verb, let reason):
            "step module '\(module)' \(verb) wrote a result on descriptor 3 that is not protocol JSON: \(reason)"
        case .protocolMismatch(let module, let version):
            "step module '\(module)' speaks step protocol \(version); this runner speaks \(ExternalStep.protocolVersion)"
        }
    }
}

/// A line splitter that takes `::secret::VALUE` lines as secret registrations.
final class SecretAwareSplitter: Sendable {
    private let inner: LineSplitter

    init(context: StepContext) {
        inner = LineSplitter(context: context) { line in
            guard line.hasPrefix("::secret::") else { return false }
            context.registerSecret(String(line.dropFirst("::secret::".count)))
            return true
        }
    }

    func feed(_ chunk: Data, stream: ChildProcess.Stream) { inner.feed(chunk, stream: stream) }
    func flush() { inner.flush() }
}
