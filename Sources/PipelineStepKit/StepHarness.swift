import Foundation

/// Runs a module in-process, the way the runner would run its executable, so a team can test
/// it without a runner: the same request decoding, parameter decoding, handlers and result
/// documents, with the log and secrets captured.
///
/// ```swift
/// let outcome = await StepHarness(costEstimate).run(.plan, parameters: ["currency": "USD"], environment: dev, plan: plan)
/// #expect(outcome.succeeded)
/// #expect(outcome.result?.changes?.first?.action == .noChange)
/// ```
public struct StepHarness<Parameters: Decodable & Sendable>: Sendable {
    public var module: StepModule<Parameters>

    public init(_ module: StepModule<Parameters>) { self.module = module }

    /// The module's answer to `describe`.
    public func describe() async -> StepOutcome {
        await run(arguments: [StepVerb.describe.rawValue], input: Data(#"{"protocol": 2, "verb": "describe", "runner": {"name": "pipeline", "version": "test", "protocols": [1, 2]}}"#.utf8))
    }

    /// Runs `verb` with a raw JSON request, exactly as the runner would send it on stdin.
    public func run(_ verb: StepVerb, json: String) async -> StepOutcome {
        await run(arguments: [verb.rawValue], input: Data(json.utf8))
    }

    /// Runs `verb` with `request` (encoded as the runner encodes it).
    public func run(_ verb: StepVerb, request: StepRequest) async -> StepOutcome {
        let input = (try? StepValue(encoding: request).jsonData()) ?? Data()
        return await run(arguments: [verb.rawValue], input: input)
    }

    /// Runs `verb` with a request built from its parts: typed or raw parameters (anything
    /// Encodable, e.g. `["currency": "USD"]` or the module's own `Parameters` made Encodable),
    /// the environment and its plan. The run is a test run in the current directory.
    public func run(_ verb: StepVerb, parameters: some Encodable & Sendable = [String: StepValue](),
                    environment: StepRequest.Environment? = nil, plan: EnvironmentPlan? = nil, rollbackTarget: String? = nil,
                    protocol version: Int = StepDescription.protocolVersion) async -> StepOutcome {
        let raw: [String: StepValue]
        do {
            raw = try StepValue(encoding: parameters).object ?? [:]
        } catch {
            return StepOutcome(status: 64, document: nil, log: ["the parameters do not encode as a JSON object: \(error)"], secrets: [])
        }
        let run = StepRequest.Run(id: "test-run", pipeline: "test", stage: environment?.name ?? "test", step: module.name,
                                  commit: nil, workspace: FileManager.default.currentDirectoryPath)
        let request = StepRequest(protocol: version, verb: verb.rawValue, module: module.name, run: run, environment: environment,
                                  parameters: raw, plan: version >= 2 ? plan : nil, rollbackTarget: rollbackTarget)
        return await self.run(verb, request: request)
    }

    /// Runs the module with raw command-line arguments (after the program name) and stdin bytes.
    public func run(arguments: [String], input: Data) async -> StepOutcome {
        let log = StepLog.capturing()
        let response = await module.respond(arguments: arguments, input: input, log: log)
        return StepOutcome(status: response.status, document: response.document, log: log.lines, secrets: log.secrets)
    }
}
