import Foundation

/// A step module of step protocol 1 (kept for modules written against it): implement `apply`;
/// the rest have defaults. It does not answer `describe`, so a runner runs it as a version 1
/// module (only from `executable:` or `steps/`). New modules use ``StepModule``.
///
/// ```swift
/// import PipelineStepKit
///
/// struct Notify: StepHandler {
///     func apply(_ request: StepRequest) async throws -> StepResult {
///         StepResult(message: "notified \(request.parameters["channel"]?.string ?? "")")
///     }
/// }
/// await StepKit.main(Notify())
/// ```
public protocol StepHandler: Sendable {
    func plan(_ request: StepRequest) async throws -> StepResult
    func apply(_ request: StepRequest) async throws -> StepResult
    func verify(_ request: StepRequest) async throws -> StepResult
    func rollback(_ request: StepRequest) async throws -> StepResult
}

extension StepHandler {
    public func plan(_ request: StepRequest) async throws -> StepResult {
        StepResult(changes: [.init(action: "run", resource: request.run.step)])
    }

    public func verify(_ request: StepRequest) async throws -> StepResult { StepResult() }

    public func rollback(_ request: StepRequest) async throws -> StepResult {
        StepResult(message: "\(request.run.step) has nothing to roll back")
    }
}

/// Runs a ``StepHandler`` as a step-protocol executable.
public enum StepKit {
    /// Reads the request, calls the handler for the verb, writes the result to descriptor 3
    /// and exits: 0 on success, 1 when the handler throws (its error is the result's message),
    /// 64 on a malformed call.
    public static func main(_ handler: some StepHandler) async -> Never {
        let arguments = CommandLine.arguments
        guard arguments.count == 2, ["plan", "apply", "verify", "rollback"].contains(arguments[1]) else {
            log("usage: \(arguments.first ?? "step") plan|apply|verify|rollback < request.json (step protocol 1 only)")
            exit(64)
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let request: StepRequest
        do {
            request = try JSONDecoder().decode(StepRequest.self, from: input)
        } catch {
            finish(StepResult(message: "malformed request: \(error)"), status: 64)
        }
        guard request.protocol == 1 else {
            finish(StepResult(message: "this module speaks step protocol 1, not \(request.protocol)"), status: 64)
        }
        do {
            let result: StepResult
            switch arguments[1] {
            case "plan": result = try await handler.plan(request)
            case "verify": result = try await handler.verify(request)
            case "rollback": result = try await handler.rollback(request)
            default: result = try await handler.apply(request)
            }
            finish(result, status: 0)
        } catch {
            finish(StepResult(message: "\(error)"), status: 1)
        }
    }

    /// Writes a line to the step's log: stderr, or the log ``StepHarness`` captures.
    public static func log(_ line: String) {
        StepLog.current(line)
    }

    /// Registers a secret with the runner, which masks it from then on. Call before logging it.
    public static func secret(_ value: String) {
        StepLog.current.secret(value)
    }

    private static func finish(_ result: StepResult, status: Int32) -> Never {
        if let data = try? result.document(protocol: 1).jsonData() { StepResultChannel.write(data) }
        exit(status)
    }
}
