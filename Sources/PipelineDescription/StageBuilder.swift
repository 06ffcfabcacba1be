/// Builds the list of stages of a pipeline; `for`, `if` and `if/else` work inside.
@resultBuilder
public enum StageBuilder {
    public static func buildExpression(_ stage: Stage) -> [Stage] { [stage] }
    public static func buildExpression(_ stages: [Stage]) -> [Stage] { stages }
    public static func buildBlock(_ parts: [Stage]...) -> [Stage] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[Stage]]) -> [Stage] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Stage]?) -> [Stage] { part ?? [] }
    public static func buildEither(first part: [Stage]) -> [Stage] { part }
    public static func buildEither(second part: [Stage]) -> [Stage] { part }
}
