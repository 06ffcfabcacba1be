import Foundation

/// Reads documents of version 1, which run records made by earlier runners hold: every stage and
/// step carried a full copy of its environment, and a stage the gate it stands behind. They are
/// read into the current wire form (environments listed once, named by stages and steps; a
/// stage's gate only when it is not its environment's).
enum PipelineDocumentVersion1 {
    typealias Wire = PipelineSerialization

    struct Document: Decodable {
        var pipeline: Pipeline
    }

    struct Pipeline: Decodable {
        var name: String
        var approvers: Wire.Approvers
        var stages: [Stage]
        var secrets: [String]
        var state: Wire.State?
        var location: Wire.SourceLocation
    }

    struct Stage: Decodable {
        var name: String
        var dependsOn: [String]
        var environment: Wire.Environment?
        var gate: Wire.Gate?
        var rollback: Rollback
        var condition: Wire.Condition?
        var steps: [Step]
        var failFast: Bool?
        var location: Wire.SourceLocation
    }

    struct Step: Decodable {
        var kind: String
        var name: String
        var parameters: [String: Wire.Value]
        var timeoutSeconds: Double?
        var condition: Wire.Condition?
        var continueOnError: Bool
        var environment: Wire.Environment?
        var location: Wire.SourceLocation
    }

    enum Rollback: Decodable {
        case none, eachStep, previousDeployment
        case steps([Step])

        private enum CodingKeys: String, CodingKey { case kind, steps }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch try container.decode(String.self, forKey: .kind) {
            case "none": self = .none
            case "eachStep": self = .eachStep
            case "previousDeployment": self = .previousDeployment
            case "steps": self = .steps(try container.decode([Step].self, forKey: .steps))
            case let other:
                throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown rollback kind '\(other)'")
            }
        }
    }

    /// The version 1 document `data`, in the current wire form.
    static func decode(_ data: Data) throws -> Wire.Document {
        let old = try JSONDecoder().decode(Document.self, from: data).pipeline
        var environments: [Wire.Environment] = []
        func declare(_ environment: Wire.Environment?) -> String? {
            guard let environment else { return nil }
            if !environments.contains(environment) { environments.append(environment) }
            return environment.name
        }
        func step(_ step: Step) -> Wire.Step {
            Wire.Step(
                kind: step.kind, name: step.name, parameters: step.parameters, timeoutSeconds: step.timeoutSeconds,
                condition: step.condition, continueOnError: step.continueOnError, environment: declare(step.environment),
                location: step.location)
        }
        let stages = old.stages.map { stage in
            let environment = declare(stage.environment)
            let steps = stage.steps.map(step)
            let rollback: Wire.Rollback = switch stage.rollback {
            case .none: .none
            case .eachStep: .eachStep
            case .previousDeployment: .previousDeployment
            case .steps(let steps): .steps(steps.map(step))
            }
            return Wire.Stage(
                name: stage.name, dependsOn: stage.dependsOn, environment: environment,
                gate: stage.gate == stage.environment?.gate ? nil : stage.gate, rollback: rollback, condition: stage.condition,
                steps: steps, failFast: stage.failFast ?? true, location: stage.location)
        }
        return Wire.Document(pipeline: Wire.Pipeline(
            name: old.name, approvers: old.approvers, environments: environments, stages: stages, secrets: old.secrets,
            state: old.state, location: old.location))
    }
}
