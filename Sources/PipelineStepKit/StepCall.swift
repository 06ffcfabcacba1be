import Foundation

/// One call of a handler: the request, its parameters decoded as the module's `Parameters`,
/// and the step's log.
public struct StepCall<Parameters: Sendable>: Sendable {
    /// `plan`, `apply`, `verify` or `rollback`.
    public var verb: StepVerb
    /// The whole request as the runner sent it (raw parameters included).
    public var request: StepRequest
    /// The `with:` parameters, decoded.
    public var parameters: Parameters
    /// The step's log (stderr) and secret registration.
    public var log: StepLog

    public init(verb: StepVerb, request: StepRequest, parameters: Parameters, log: StepLog) {
        self.verb = verb
        self.request = request
        self.parameters = parameters
        self.log = log
    }

    /// The protocol version of the request (1 from an older runner: no ``plan``, no disaster recovery).
    public var protocolVersion: Int { request.protocol }
    public var run: StepRequest.Run { request.run }
    /// nil outside deployment stages.
    public var environment: StepRequest.Environment? { request.environment }
    /// The environment's plan (see ``StepRequest/plan``); nil outside deployment stages and in protocol 1.
    public var plan: EnvironmentPlan? { request.plan }
    /// During a `previousDeployment` rollback, the commit being restored.
    public var rollbackTarget: String? { request.rollbackTarget }

    /// The environment, or an error saying the step belongs in a deploy stage.
    public func requireEnvironment() throws -> StepRequest.Environment {
        guard let environment else { throw StepFailure("\(run.step) acts on an environment: put it in a Deploy stage (stage \"\(run.stage)\" has none)") }
        return environment
    }

    /// Registers `value` as a secret with the runner before it could appear in any output.
    public func secret(_ value: String) { log.secret(value) }
}
