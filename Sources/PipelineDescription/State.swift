/// Where the runner keeps run state for this pipeline: runs, stage and step results, approvals,
/// plans, deployments and locks.
///
/// The embedded default is a SQLite file under `.pipeline/` in the repository. A team whose runs
/// happen on many CI machines shares one DynamoDB table instead (create it once with
/// `pipeline state init --state dynamodb://TABLE?region=REGION`):
///
/// ```swift
/// let pipeline = Pipeline("bbws-infrastructure", approvers: team,
///                         state: .dynamoDB(table: "bbws-pipeline-state", region: "af-south-1")) {
///     …
/// }
/// ```
///
/// `--state` and `PIPELINE_STATE` override it.
public struct State: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case local
        case dynamoDB = "dynamodb"
    }

    public var kind: Kind
    /// The DynamoDB table (``Kind/dynamoDB``).
    public var table: String?
    public var region: String?
    /// A role ARN the runner assumes to reach the table (with its own credentials), if any.
    public var role: String?
    public var location: SourceLocation

    /// SQLite under `.pipeline/` in the repository (the default).
    public static func local(file: StaticString = #filePath, line: UInt = #line) -> State {
        State(kind: .local, table: nil, region: nil, role: nil, location: SourceLocation(file, line))
    }

    /// One DynamoDB table shared by every machine that runs this pipeline.
    public static func dynamoDB(table: String, region: String, role: String? = nil,
                                file: StaticString = #filePath, line: UInt = #line) -> State {
        State(kind: .dynamoDB, table: table, region: region, role: role, location: SourceLocation(file, line))
    }
}
