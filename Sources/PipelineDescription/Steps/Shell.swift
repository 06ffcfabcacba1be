/// Runs a shell command (`/bin/sh -c`), streaming its output into the run's log.
///
/// ```swift
/// Shell("./scripts/smoke.sh dev", env: ["VERBOSE": "1"], timeout: .seconds(120),
///       rollback: "./scripts/undo.sh dev")
/// ```
/// The command runs in a checkout of the run's commit (or `workingDirectory`, relative to it),
/// never in the working tree. A non-zero
/// exit fails the step. `rollback`, when given, is the command the step's rollback runs.
public struct Shell: StepConvertible, Sendable {
    public var step: Step

    public init(
        _ command: String,
        name: String? = nil,
        env: [String: String] = [:],
        workingDirectory: String? = nil,
        timeout: Duration? = nil,
        rollback: String? = nil,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        var parameters: [String: Value] = ["command": .string(command)]
        if !env.isEmpty { parameters["env"] = .object(env.mapValues { .string($0) }) }
        if let workingDirectory { parameters["workingDirectory"] = .string(workingDirectory) }
        if let rollback { parameters["rollback"] = .string(rollback) }
        step = Step(
            kind: "shell", name: name ?? Shell.defaultName(command), parameters: parameters,
            timeout: timeout, file: file, line: line)
    }

    static func defaultName(_ command: String) -> String {
        PipelineSerialization.Step.defaultShellName(command)
    }
}
