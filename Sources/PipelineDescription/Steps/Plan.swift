/// Plans `environment`'s deploy stage: every step of it reads the live system and says what it
/// would change, and the plan is saved with the run. The deploy stage applies exactly that plan
/// (refusing it when the live system changed since), and its gate shows it to the approvers.
public struct Plan: StepConvertible, Sendable {
    public var step: Step
    public init(_ environment: Environment, file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "plan", name: "plan-\(environment.name)",
                    parameters: ["environment": .string(environment.name)],
                    environment: environment, file: file, line: line)
    }
}
