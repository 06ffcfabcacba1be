/// Checks the HTML email templates under `root` against their manifest and renders each one.
public struct ValidateTemplates: StepConvertible, Sendable {
    public var step: Step
    public init(_ root: String, manifest: String, file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "validate-templates", name: "validate-templates",
                    parameters: ["root": .string(root), "manifest": .string(manifest)], file: file, line: line)
    }
}
