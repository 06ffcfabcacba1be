import InfraDefinitions
import PipelineBasics

extension ValidateTableDefinitionsStep {
    /// Problems where a definition's `environments` names an environment the pipeline does not
    /// declare (the pipeline file decides which environments exist; see docs/decisions.md).
    static func unknownEnvironments(in file: TableDefinitionFile, declared: [String]) -> [Diagnostic] {
        guard !declared.isEmpty else { return [] }
        return file.environmentOverrides.sorted { $0.name < $1.name }.filter { !declared.contains($0.name) }.map { override in
            Diagnostic(
                message: "environment '\(override.name)' is not declared by the pipeline (it declares \(declared.joined(separator: ", "))); rename the key or declare the environment with Environment(...) in the pipeline file",
                file: file.path, position: override.position, rule: .unknownEnvironment, pointer: "/environments/\(override.name)")
        }
    }
}
