import Foundation
import PipelineModel

/// Secret values never stay in a pipeline document: after evaluation, every value of a secret
/// the pipeline declares (`secrets:`) is replaced by its reference (`${{ secrets.NAME }}`,
/// ``SecretReference``), resolved again only when a step starts a process. A document that
/// still holds a part or an encoded form of a secret (a line of it, its base64, hex, URL, JSON
/// or XML form) cannot be turned back into references and is refused, naming the declaration.
extension PipelineLoader {
    /// The evaluated document `channel` with the declared secrets' values replaced by references.
    func substitutingSecrets(in channel: Data, path: String) throws -> PipelineDocument {
        let document = try decodeDocument(channel, path: path)
        let secrets = document.pipeline.secrets.compactMap { name in
            secretValues[name].map { (name: name, value: $0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }.filter { $0.value.count >= Self.minimumSubstitutedLength }
        guard !secrets.isEmpty else { return document }
        var text = String(decoding: channel, as: UTF8.self)
        // Longest first, so a secret that contains another is replaced whole.
        for secret in secrets.sorted(by: { $0.value.count > $1.value.count }) {
            for form in Self.documentForms(of: secret.value) where text.contains(form) {
                text = text.replacingOccurrences(of: form, with: SecretReference.token(secret.name))
            }
        }
        var substituted = try decodeDocument(Data(text.utf8), path: path)
        Self.renameShortenedSteps(in: &substituted.pipeline, evaluated: document.pipeline)
        try Self.refuseRemainingForms(of: secrets, in: substituted.pipeline, path: path)
        return substituted
    }

    /// A `shell` step without a name is named after its command's first line, cut at 60
    /// characters by the DSL, which can cut a secret (a prefix no mask would find). Such names
    /// are made again from the command with references.
    static func renameShortenedSteps(in pipeline: inout PipelineDefinition, evaluated: PipelineDefinition) {
        for (stageIndex, stage) in evaluated.stages.enumerated() where stageIndex < pipeline.stages.count {
            for (stepIndex, step) in stage.steps.enumerated() where step.kind == "shell" && stepIndex < pipeline.stages[stageIndex].steps.count {
                guard let command = step.string("command"), step.name == defaultShellName(command),
                      let referenced = pipeline.stages[stageIndex].steps[stepIndex].string("command") else { continue }
                pipeline.stages[stageIndex].steps[stepIndex].name = defaultShellName(referenced)
            }
        }
    }

    /// The DSL's name for an unnamed `Shell` step (`Shell.defaultName`).
    static func defaultShellName(_ command: String) -> String {
        let firstLine = command.split(separator: "\n").first.map(String.init) ?? command
        return firstLine.count > 60 ? String(firstLine.prefix(57)) + "..." : firstLine
    }

    /// Shorter values are not masked (and so not replaced either); the runner warns about them.
    static let minimumSubstitutedLength = 4

    /// How the value can appear inside the document's JSON: as the DSL writes strings.
    static func documentForms(of value: String) -> [String] {
        let escaped = SecretForms.jsonEscaped(value, slashes: false, ascii: false)
        return escaped == value ? [value] : [escaped, value]
    }

    static func refuseRemainingForms(of secrets: [(name: String, value: String)], in pipeline: PipelineDefinition, path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for secret in secrets {
            let forms = SecretForms.of(secret.value)
            func holds(_ value: some Encodable) -> Bool {
                guard let data = try? encoder.encode(value) else { return false }
                let json = String(decoding: data, as: UTF8.self)
                return forms.contains { json.contains($0) }
            }
            // Named by place and position only: a name may be what holds the secret.
            for (stageIndex, stage) in pipeline.stages.enumerated() {
                for (stepIndex, step) in stage.steps.enumerated() where holds(step) {
                    throw LoaderError.secretInDocument(path: path, location: step.location,
                                                       what: "step \(stepIndex + 1) of stage \(stageIndex + 1)", secret: secret.name)
                }
                var bare = stage
                bare.steps = []
                if holds(bare) {
                    throw LoaderError.secretInDocument(path: path, location: stage.location, what: "stage \(stageIndex + 1)", secret: secret.name)
                }
            }
            var bare = pipeline
            bare.stages = []
            if holds(bare) {
                throw LoaderError.secretInDocument(path: path, location: pipeline.location, what: "the pipeline", secret: secret.name)
            }
        }
    }
}
