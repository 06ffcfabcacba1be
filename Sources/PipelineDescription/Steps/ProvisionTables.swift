/// Creates or updates the DynamoDB tables defined by the matching files.
public struct ProvisionTables: StepConvertible, Sendable {
    public var step: Step
    public init(_ pattern: String, allowReplacement: Bool = false,
                file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "provision-tables", name: "provision-tables",
                    parameters: ["pattern": .string(pattern), "allowReplacement": .bool(allowReplacement)],
                    file: file, line: line)
    }
}
