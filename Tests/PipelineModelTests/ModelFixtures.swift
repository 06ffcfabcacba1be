import PipelineModel

/// Small builders for model values in tests.
enum Fixture {
    static let here = SourceLocation(file: "pipelines/test.swift", line: 1)

    static func stage(_ name: String, after: [String] = [], gate: GateDefinition? = nil, steps: [String] = ["step"],
                      kind: String = "shell", line: Int = 1) -> StageDefinition {
        StageDefinition(name: name, dependsOn: after, gate: gate,
                        steps: steps.map { StepDefinition(kind: kind, name: $0, parameters: ["command": .string("true")], location: .init(file: "pipelines/test.swift", line: line)) },
                        location: SourceLocation(file: "pipelines/test.swift", line: line))
    }

    /// Each approver has an SSH key, so every gate their roles cover can be verified.
    static func pipeline(_ stages: [StageDefinition], approvers: [String: [String]] = [:]) -> PipelineDefinition {
        let keys = approvers.mapValues { _ in ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBbCFbm3o/mZ4ih5oK0mAtnsbEKIsk5gWA9tFaQ4WI/J"] }
        return PipelineDefinition(name: "test", approvers: .init(members: approvers, keys: keys), stages: stages, location: here)
    }
}
