/// Uploads the templates under `root` to `bucket`; its rollback restores the previous versions.
public struct PublishTemplates: StepConvertible, Sendable {
    public var step: Step
    public init(_ root: String, to bucket: String, file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "publish-templates", name: "publish-templates",
                    parameters: ["root": .string(root), "bucket": .string(bucket)], file: file, line: line)
    }
}
