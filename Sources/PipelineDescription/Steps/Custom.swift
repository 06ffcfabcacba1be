/// A step from a team's own step module.
///
/// The module is an executable that speaks the step protocol (`docs/step-protocol.md`; in Swift,
/// `PipelineStepKit`); the runner finds it by `executable` (a path relative to the repository
/// root) or, when that is omitted, as `pipeline-step-<module>` in the repository's `steps/`, on
/// `PIPELINE_STEP_PATH` or on `PATH`. The `with:` parameters are checked against the JSON Schema
/// the module describes when the pipeline loads.
///
/// ```swift
/// Custom("cost-estimate")
/// Custom("notify-slack", executable: "steps/notify", with: ["channel": "#deploys"])
/// ```
public struct Custom: StepConvertible, Sendable {
    public var step: Step

    public init(
        _ module: String,
        name: String? = nil,
        executable: String? = nil,
        with parameters: [String: Value] = [:],
        timeout: Duration? = nil,
        file: StaticString = #filePath,
        line: UInt = #line
    ) {
        var all: [String: Value] = ["module": .string(module), "with": .object(parameters)]
        if let executable { all["executable"] = .string(executable) }
        step = Step(kind: "external", name: name ?? module, parameters: all, timeout: timeout, file: file, line: line)
    }
}
