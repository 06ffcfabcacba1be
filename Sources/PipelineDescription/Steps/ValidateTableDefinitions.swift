/// Checks DynamoDB table definition files against the published schema and DynamoDB's rules.
public struct ValidateTableDefinitions: StepConvertible, Sendable {
    public var step: Step
    public init(_ pattern: String, file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "validate-table-definitions", name: "validate-table-definitions",
                    parameters: ["pattern": .string(pattern)], file: file, line: line)
    }
}
