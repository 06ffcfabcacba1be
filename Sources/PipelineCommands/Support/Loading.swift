import BuiltinSteps
import Foundation
import PipelineEngine
import PipelineLoading
import PipelineModel

/// Loads pipeline files with the runner's runtime and known step modules.
enum Loading {
    static func load(_ path: String) async throws -> LoadedPipeline {
        let registry = BuiltinStepsRegistry.make()
        let validator = PipelineValidator(knownStepKinds: registry.kinds) { step, stage in
            StepChecks.problems(of: step, in: stage, registry: registry)
        }
        let loader = PipelineLoader(runtime: try DescriptionRuntime.locate(), validator: validator)
        return try await loader.load(path)
    }

    /// The pipeline a run recorded when it started.
    static func definition(of run: RunRecord) throws -> PipelineDefinition {
        do {
            return try PipelineDocument.decode(run.document).pipeline
        } catch {
            throw WorkspaceError.unreadableDocument(run: run.id, reason: "\(error)")
        }
    }
}

/// Parses durations such as `90s`, `30m`, `2h`, `1h30m`.
enum DurationParser {
    static func parse(_ text: String) -> Duration? {
        var total = 0.0, number = "", matched = false
        for character in text {
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            guard let value = Double(number) else { return nil }
            switch character {
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86400
            default: return nil
            }
            number = ""
            matched = true
        }
        if !number.isEmpty {
            guard let value = Double(number) else { return nil }
            total += value
            matched = true
        }
        return matched && total > 0 ? .milliseconds(Int(total * 1000)) : nil
    }
}
