/// Why a pipeline document could not be read.
public enum DocumentError: Error, Equatable, CustomStringConvertible {
    case missingVersion
    case unsupportedVersion(Int)
    /// The pipeline file itself reported a problem (e.g. two `Pipeline` declarations).
    case declared(String)
    /// Arrays and objects nest deeper than `limit` (a condition nested far too deeply).
    case tooDeep(limit: Int)
    /// A stage or step names an environment the document does not list.
    case undeclaredEnvironment(String, owner: String)

    public var description: String {
        switch self {
        case .missingVersion: "the pipeline document has no version; is the runtime library from another version?"
        case .unsupportedVersion(let version):
            "the pipeline document has version \(version); this runner reads \(PipelineDocument.supportedVersions)"
        case .declared(let message): message
        case .tooDeep(let limit):
            "the pipeline document nests arrays and objects more than \(limit) levels deep; conditions may nest at most \(ConditionDefinition.maximumDepth) levels (all inside all): flatten them"
        case .undeclaredEnvironment(let name, let owner):
            "\(owner) names environment '\(name)', which the pipeline document does not list; are the runner and its PipelineDescription library from the same build?"
        }
    }
}
