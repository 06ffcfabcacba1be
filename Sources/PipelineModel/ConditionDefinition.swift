/// When a stage or step runs.
public indirect enum ConditionDefinition: Sendable, Equatable {
    case changed([String])
    case branch(String)
    case environment(String, equals: String)
    case all([ConditionDefinition])

    public var summary: String {
        switch self {
        case .changed(let paths): "changed: \(paths.joined(separator: ", "))"
        case .branch(let branch): "branch \(branch)"
        case .environment(let variable, let value): "$\(variable) == \(value)"
        case .all(let conditions): conditions.map(\.summary).joined(separator: " and ")
        }
    }
}
