import Foundation
import PipelineEngine
import PipelineModel
import ProcessKit

/// The built-in `external` step (`Custom("NAME", with: …)`): runs a team's own step module as a
/// separate process speaking the step protocol (`docs/step-protocol.md`), version 2 when the
/// module answers the `describe` handshake, else version 1.
///
/// A module's crash, hang, garbage or oversized result, or another protocol version fails the
/// step with a message naming the module and the verb; the runner goes on.
public struct ExternalStep: StepModule {
    public static let kind = "external"
    public static let summary = "a team's own step module, run as a process (module, executable, with)"

    let module: String
    let executable: String?
    let parameters: JSONValue

    public init(step: StepDefinition) throws {
        guard let module = step.string("module"), !module.isEmpty else {
            throw StepConfigurationError(step: step.name, field: "module", message: "name the step module, e.g. Custom(\"notify\")")
        }
        // Found as the file `pipeline-step-NAME` in a search folder: a name holding `/` (or other
        // than letters, digits, `-`, `_`, `.`) would reach outside it (`../../bin/sh`).
        guard StepModuleLocator.isModuleName(module) else {
            throw StepConfigurationError(step: step.name, field: "module",
                                         message: "'\(module)' is not a step module name: use letters, digits, '-', '_' and '.' only (at most 64), with no '/'; to run a file, give executable:")
        }
        self.module = module
        executable = step.string("executable")
        parameters = step.parameters["with"] ?? .object([:])
    }

    public var canRollBack: Bool { true }

    public func plan(in context: StepContext) async throws -> StepPlan {
        let fallback = StepPlan(changes: [PlannedChange(action: .run, resource: context.step.name, detail: "custom module '\(module)'")])
        let (location, answer) = try handshake(context)
        if case .module(let description) = answer, !description.supported.plan { return fallback }
        let result = try await invoke("plan", location: location, answer: answer, context: context)
        return StepPlan(changes: try result.plannedChanges(module: module) ?? fallback.changes, desired: result.desired,
                        snapshot: result.snapshot, notes: result.notes ?? [])
    }

    public func apply(in context: StepContext) async throws {
        let (location, answer) = try handshake(context)
        _ = try await invoke("apply", location: location, answer: answer, context: context)
    }

    public func verify(in context: StepContext) async throws {
        let (location, answer) = try handshake(context)
        if case .module(let description) = answer, !description.supported.verify { return }
        _ = try await invoke("verify", location: location, answer: answer, context: context)
    }

    public func rollback(in context: StepContext) async throws {
        let (location, answer) = try handshake(context)
        if case .module(let description) = answer, !description.supported.rollback {
            context.log("step module '\(module)' has nothing to roll back")
            return
        }
        _ = try await invoke("rollback", location: location, answer: answer, context: context)
    }

    /// The module's executable and its answer to `describe`.
    func handshake(_ context: StepContext) throws -> (StepModuleLocator.Location, StepModuleHandshake.Answer) {
        let location = try StepModuleLocator(workspace: context.workspace).locate(module, executable: executable)
        return (location, try StepModuleHandshake.shared.describe(location, workingDirectory: context.workspace))
    }

    /// The request of `verb` in `context`, in version 2's form.
    func request(_ verb: String, context: StepContext) throws -> StepProtocol.Request {
        var steps = context.planSteps
        // Planning reads the steps before this one, also when the plan is made again before apply.
        if verb == "plan", let own = steps.firstIndex(where: { $0.name == context.step.name }) { steps = Array(steps[..<own]) }
        let plan = context.environment.map { environment in
            StepProtocol.Request.Plan(
                environment: environment.name, hash: verb == "plan" ? nil : context.planHash,
                steps: steps.map { step in
                    .init(name: step.name, kind: step.kind,
                          changes: step.plan.changes.map { .init(action: $0.action.rawValue, type: $0.type, resource: $0.resource, detail: $0.detail) },
                          desired: step.plan.desired, notes: step.plan.notes)
                })
        }
        return StepProtocol.Request(
            verb: verb, module: module,
            run: .init(id: context.runID, pipeline: context.variables["PIPELINE_NAME"] ?? "", stage: context.stage, step: context.step.name,
                       commit: context.commit, workspace: context.workspace.path),
            environment: context.environment.map(StepProtocol.Request.Environment.init),
            parameters: try context.secretResolver.resolve(parameters), plan: plan, rollbackTarget: context.rollbackTarget)
    }

    func invoke(_ verb: String, location: StepModuleLocator.Location, answer: StepModuleHandshake.Answer,
                context: StepContext) async throws -> StepProtocol.Result {
        let version: Int
        let input: Data
        let request = try request(verb, context: context)
        if case .module(let description) = answer {
            version = description.protocol ?? StepProtocol.current
            input = try StepProtocol.encoder.encode(request)
        } else {
            version = 1
            input = try StepProtocol.encoder.encode(StepProtocol.Version1Request(request, environment: context.environment))
        }
        let variables = try await context.processEnvironment(adding: [
            "PIPELINE_STEP_PROTOCOL": String(version), "PIPELINE_STEP_RESULT_FD": "3",
        ])
        var process = ChildProcess(executable: location.path, arguments: [verb], environment: variables, workingDirectory: context.workspace.path)
        StepAccount.current?.apply(to: &process)
        process.captureDescriptor3 = true
        process.channelLimit = StepProtocol.resultLimit
        process.retainedOutputLimit = 64 * 1024  // the output is streamed to the step's log
        process.input = input
        let splitter = SecretAwareSplitter(context: context)
        let outcome = try await process.run { stream, chunk in splitter.feed(chunk, stream: stream) }
        splitter.flush()
        context.warnAboutLingering(outcome)
        if outcome.status == .cancelled { throw CancellationError() }
        if outcome.channelOverflowed {
            throw ExternalStepError.badResult(module: module, verb: verb, reason: "it is larger than \(StepProtocol.resultLimit / 1024) KiB")
        }
        let result = try decode(outcome.channel, verb: verb, version: version, failed: outcome.status != .exited(0))
        guard outcome.status == .exited(0) else {
            throw ExternalStepError.failed(module: module, verb: verb, how: outcome.status.description, message: result?.message)
        }
        // The module's lines are one Markdown block (a table stays a table in the summary).
        if let summary = result?.summary, !summary.isEmpty { context.summarize(summary.prefix(200).joined(separator: "\n")) }
        return result ?? StepProtocol.Result()
    }

    /// The result on descriptor 3; nil when there is none (or, from a failed call, none readable).
    func decode(_ channel: Data, verb: String, version: Int, failed: Bool) throws -> StepProtocol.Result? {
        guard !channel.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return nil }
        let result: StepProtocol.Result
        do {
            result = try JSONDecoder().decode(StepProtocol.Result.self, from: channel)
        } catch {
            if failed { return nil }
            throw ExternalStepError.badResult(module: module, verb: verb, reason: Self.reason(error, channel))
        }
        if let spoken = result.protocol, spoken != version {
            throw ExternalStepError.protocolMismatch(module: module, version: spoken)
        }
        return result
    }

    /// Why `channel` is no result, in one line.
    static func reason(_ error: any Error, _ channel: Data) -> String {
        let start = String(decoding: channel.prefix(40), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path.isEmpty ? "the document" : "field '\(path)'") has the wrong type (\(context.debugDescription))"
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            return "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        default:
            return "not one JSON document (it starts with \"\(start)\")"
        }
    }
}
