import Foundation

extension StepModule {
    /// Answers one invocation: `arguments` (the verb) and `input` (the request read from stdin),
    /// logging to `log`. What ``main()`` runs, and what ``StepHarness`` runs in-process.
    public func respond(arguments: [String], input: Data, log: StepLog) async -> StepResponse {
        let verbs = StepVerb.allCases.map(\.rawValue)
        guard arguments.count == 1, let verb = StepVerb(rawValue: arguments[0]) else {
            return refuse("usage: pipeline-step-\(name) \(verbs.joined(separator: "|")) < request.json (step protocol \(StepDescription.protocols.map(String.init).joined(separator: ", ")); got \(arguments.isEmpty ? "no verb" : arguments.joined(separator: " ")))", log: log)
        }
        if verb == .describe { return StepResponse(status: 0, document: description.document) }

        let raw: StepValue
        do {
            raw = try StepValue(json: input)
        } catch {
            return refuse("malformed request on stdin (\(input.count) bytes): not JSON: \(error)", log: log)
        }
        guard let requested = raw["protocol"]?.int else {
            return refuse("malformed request on stdin: no integer \"protocol\" field", log: log)
        }
        guard StepDescription.protocols.contains(requested) else {
            return refuse("\(name) \(version) speaks step protocol 1 and 2, not \(requested): run it with a runner that speaks 1 or 2, or rebuild it with a PipelineStepKit that speaks \(requested)", log: log)
        }
        let request: StepRequest
        do {
            request = try JSONDecoder().decode(StepRequest.self, from: input)
        } catch {
            return refuse("malformed protocol \(requested) request: \(StepParameterError.describe(error, root: "request"))", log: log, protocol: requested)
        }
        guard request.verb == verb.rawValue else {
            return refuse("the request is for verb \"\(request.verb)\" but the module was started with \"\(verb.rawValue)\"", log: log, protocol: requested)
        }
        if requiresEnvironment, request.environment == nil {
            return fail("\(name) acts on an environment: put step \"\(request.run.step)\" in a Deploy stage (stage \"\(request.run.stage)\" has none)", log: log, protocol: requested)
        }
        let parameters: Parameters
        do {
            parameters = try StepValue.object(request.parameters).decode(Parameters.self)
        } catch {
            return fail("step \"\(request.run.step)\" (\(name)): \(StepParameterError.describe(error, root: "parameter", in: .object(request.parameters)))", log: log, protocol: requested)
        }
        let call = StepCall(verb: verb, request: request, parameters: parameters, log: log)
        let result: StepResult
        do {
            result = try await StepLog.$current.withValue(log) { try await handle(call) }
        } catch {
            return fail("\(error)", log: log, protocol: requested)
        }
        if requested < 2 {
            // Protocol 1 has no notes or summary: log them rather than lose them.
            for note in result.notes ?? [] { log("note: \(note)") }
            for line in result.summary ?? [] { log("summary: \(line)") }
        }
        let document = result.document(protocol: requested)
        let size = (try? document.jsonData().count) ?? 0
        guard size <= StepResponse.maximumDocumentSize else {
            return fail("\(name)'s \(verb.rawValue) result is \(size) bytes, more than the 1 MiB the runner reads: shorten its desired state, snapshot or summary", log: log, protocol: requested)
        }
        return StepResponse(status: 0, document: document)
    }

    /// A malformed call: logged, answered with the message, exit status 64.
    private func refuse(_ message: String, log: StepLog, protocol version: Int = StepDescription.protocolVersion) -> StepResponse {
        log(message)
        return StepResponse(status: 64, document: StepResult(message: message).document(protocol: version))
    }

    /// A failed step: logged, answered with the message, exit status 1.
    private func fail(_ message: String, log: StepLog, protocol version: Int) -> StepResponse {
        log(message)
        return StepResponse(status: 1, document: StepResult(message: message).document(protocol: version))
    }
}
