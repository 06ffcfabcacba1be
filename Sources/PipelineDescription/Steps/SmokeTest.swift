/// Checks that what a stage deployed answers as expected.
public struct SmokeTest: StepConvertible, Sendable {
    /// What a smoke test covers.
    public enum Scope: String, Sendable {
        /// The stage's own environment.
        case environment
        /// Every environment of the pipeline.
        case all
    }

    public var step: Step
    public init(_ scope: Scope = .environment, file: StaticString = #filePath, line: UInt = #line) {
        step = Step(kind: "smoke-test", name: "smoke-test",
                    parameters: ["scope": .string(scope.rawValue)], file: file, line: line)
    }
}
