import Foundation
@_spi(PipelineWire) import PipelineModel

/// Secret values never stay in a pipeline document: after evaluation, every value of a secret
/// the pipeline declares (`secrets:`) is replaced by its reference (`${{ secrets.NAME }}`,
/// ``SecretReference``), resolved again only when a step starts a process. A document that
/// still holds a part or an encoded form of a secret (a line of it, its base64, hex, URL, JSON
/// or XML form) cannot be turned back into references and is refused, naming the declaration.
extension PipelineLoader {
    /// The evaluated document `channel` with the declared secrets' values replaced by references,
    /// and whether any was.
    func substitutingSecrets(in channel: Data, path: String) throws -> (document: PipelineDocument, substituted: Bool) {
        let document = try decodeDocument(channel, path: path)
        let secrets = document.pipeline.secrets.compactMap { name in
            secretValues[name].map { (name: name, value: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }.filter { $0.value.count >= Self.minimumSubstitutedLength }
        guard !secrets.isEmpty else { return (document, false) }
        var text = String(decoding: channel, as: UTF8.self)
        // Longest first, so a secret that contains another is replaced whole.
        for secret in secrets.sorted(by: { $0.value.count > $1.value.count }) {
            for form in Self.documentForms(of: secret.value) where text.contains(form) {
                text = text.replacingOccurrences(of: form, with: SecretReference.token(secret.name))
            }
        }
        var wire = try decodeDocument(Data(text.utf8), path: path).wire
        Self.renameShortenedSteps(in: &wire.pipeline, evaluated: document.wire.pipeline)
        try Self.refuseRemainingForms(of: secrets, in: wire.pipeline, path: path)
        do {
            return (try PipelineDocument(wire: wire, version: document.version), true)
        } catch {
            throw LoaderError.badDocument(path: path, reason: error.description)
        }
    }

    /// A `shell` step without a name is named after its command's first line, cut at 60
    /// characters by the DSL, which can cut a secret (a prefix no mask would find). Such names
    /// are made again from the command with references.
    static func renameShortenedSteps(in pipeline: inout PipelineSerialization.Pipeline, evaluated: PipelineSerialization.Pipeline) {
        func command(_ step: PipelineSerialization.Step) -> String? {
            if case .string(let command) = step.parameters["command"] { command } else { nil }
        }
        for (stageIndex, stage) in evaluated.stages.enumerated() where stageIndex < pipeline.stages.count {
            for (stepIndex, step) in stage.steps.enumerated() where step.kind == "shell" && stepIndex < pipeline.stages[stageIndex].steps.count {
                guard let evaluatedCommand = command(step), step.name == defaultShellName(evaluatedCommand),
                      let referenced = command(pipeline.stages[stageIndex].steps[stepIndex]) else { continue }
                pipeline.stages[stageIndex].steps[stepIndex].name = defaultShellName(referenced)
            }
        }
    }

    /// The DSL's name for an unnamed `Shell` step.
    static func defaultShellName(_ command: String) -> String {
        PipelineSerialization.Step.defaultShellName(command)
    }

    /// Shorter values are not masked (and so not replaced either); the runner warns about them.
    static let minimumSubstitutedLength = 4

    /// How the value can appear inside the document's JSON: as the DSL writes strings.
    static func documentForms(of value: String) -> [String] {
        let escaped = SecretForms.jsonEscaped(value, slashes: false, ascii: false)
        return escaped == value ? [value] : [escaped, value]
    }

    static func refuseRemainingForms(of secrets: [(name: String, value: String)], in pipeline: PipelineSerialization.Pipeline, path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for secret in secrets {
            let forms = SecretForms.of(secret.value)
            func holds(_ value: some Encodable) -> Bool {
                guard let data = try? encoder.encode(value) else { return false }
                let json = String(decoding: data, as: UTF8.self)
                return forms.contains { json.contains($0) }
            }
            // Named by place and position only: a name may be what holds the secret. An environment
            // is named by the first stage or step that stands in it.
            let holding = Set(pipeline.environments.filter { holds($0) }.map(\.name))
            func inHolding(_ name: String?) -> Bool { name.map(holding.contains) ?? false }
            for (stageIndex, stage) in pipeline.stages.enumerated() {
                for (stepIndex, step) in stage.steps.enumerated() where holds(step) || inHolding(step.environment) {
                    throw LoaderError.secretInDocument(path: path, location: SourceLocation(file: step.location.file, line: step.location.line),
                                                       what: "step \(stepIndex + 1) of stage \(stageIndex + 1)", secret: secret.name)
                }
                var bare = stage
                bare.steps = []
                if holds(bare) || inHolding(stage.environment) {
                    throw LoaderError.secretInDocument(path: path, location: SourceLocation(file: stage.location.file, line: stage.location.line), what: "stage \(stageIndex + 1)", secret: secret.name)
                }
            }
            var bare = pipeline
            bare.stages = []  // environments stay: one only a rollback step stands in is named here
            if holds(bare) {
                throw LoaderError.secretInDocument(path: path, location: SourceLocation(file: pipeline.location.file, line: pipeline.location.line), what: "the pipeline", secret: secret.name)
            }
        }
    }
}
