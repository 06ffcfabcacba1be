import Foundation

/// Tells a table the pipeline made (or adopted) from one it did not, so that a table the
/// pipeline did not make is never replaced (deleted), and its plan says so and what to do.
///
/// DynamoDB records nothing about who made a table, so the evidence is what provisioning itself
/// leaves behind:
/// - **the last deployment**: the environment's last deployment defined a table of that name with
///   the key schema and local secondary indexes the table has now (``deployed``, the desired
///   states of the deployed commit), so it made the table as it stands, or adopted it;
/// - **the tags**: the table carries every tag the pipeline writes to it (each key of the
///   desired state's tags: the environment's and the definition's; values may have changed since,
///   a tag's value is an ordinary update).
///
/// A table with neither is not the pipeline's. It is `handMade` when it carries none of those
/// tags (a table made in the console or with the CLI), `unproven` when it carries some but not
/// all, or when its definition and environment give it no tags to recognise it by. Both are
/// never replaced; a hand-made one whose keys match is adopted by applying, and the plan says so.
public struct TableOwnership: Sendable, Equatable {
    /// What the evidence says about one table.
    public enum Verdict: Sendable, Equatable {
        /// The environment's last deployment defined it with the keys it has now.
        case deployed
        /// It carries every tag the pipeline writes to it.
        case tagged
        /// None of the tags the pipeline writes, and no deployment made it as it stands.
        case handMade(reason: String)
        /// Some of the tags but not all (or there are none to look for), and no deployment made it as it stands.
        case unproven(reason: String)

        /// Whether the table is the pipeline's (made or adopted by it): only then may it be replaced.
        public var isPipelines: Bool {
            switch self {
            case .deployed, .tagged: true
            case .handMade, .unproven: false
            }
        }

        /// Why the table is not the pipeline's (empty when it is).
        public var reason: String {
            switch self {
            case .deployed, .tagged: ""
            case .handMade(let reason), .unproven(let reason): reason
            }
        }
    }

    /// The desired states of the tables the environment's last deployment defined, by name.
    public var deployed: [String: TableState]

    /// - Parameter deployed: the desired states of the environment's deployed commit (empty when
    ///   nothing was deployed there, or the deployment is not known).
    public init(deployed: [TableState] = []) {
        self.deployed = Dictionary(deployed.map { ($0.tableName, $0) }) { _, last in last }
    }

    /// Whether `actual` (a table that exists) is the pipeline's, given the `desired` state of the
    /// definition of the same name.
    public func verdict(actual: TableState, desired: TableState) -> Verdict {
        let previous = deployed[actual.tableName]
        if let previous, !previous.differsInPlace(from: actual) { return .deployed }
        let wanted = desired.tags.keys.sorted()
        let missing = wanted.filter { actual.tags[$0] == nil }
        if !wanted.isEmpty && missing.isEmpty { return .tagged }

        let deployment = previous.map {
            "the environment's last deployment made it with key schema \($0.keySchemaText), so it was made again since"
        } ?? "no deployment of this environment made it"
        if wanted.isEmpty {
            return .unproven(reason: "\(deployment), and its definition and environment give it no tags to recognise it by")
        }
        if missing.count == wanted.count {
            return .handMade(reason: "\(deployment), and it carries none of the tags the pipeline writes (\(Self.list(wanted)))")
        }
        return .unproven(reason: "\(deployment), and it lacks tags the pipeline writes (\(Self.list(missing)))")
    }

    /// `A, B, C, …` (at most four names).
    static func list(_ names: [String]) -> String {
        names.count > 4 ? names.prefix(4).joined(separator: ", ") + ", …" : names.joined(separator: ", ")
    }
}

extension TableState {
    /// `PK/SK`, or `id` for a table without a sort key.
    public var keySchemaText: String {
        key.partitionKey.name + (key.sortKey.map { "/\($0.name)" } ?? "")
    }

    /// Whether `other` differs from this state in what DynamoDB cannot change in place (the key
    /// schema, the local secondary indexes).
    func differsInPlace(from other: TableState) -> Bool {
        key != other.key || localSecondaryIndexes != other.localSecondaryIndexes
    }

    /// What differs between this (actual) state and `desired` in what DynamoDB cannot change in
    /// place, for people: `exists with key schema id; the repository defines PK/SK`.
    public func inPlaceDifference(to desired: TableState) -> String {
        var parts: [String] = []
        if key != desired.key {
            let found = keySchemaText, wanted = desired.keySchemaText
            parts.append(found == wanted
                ? "exists with key schema \(found) (types \(Self.types(key))); the repository defines \(wanted) (types \(Self.types(desired.key)))"
                : "exists with key schema \(found); the repository defines \(wanted)")
        }
        if localSecondaryIndexes != desired.localSecondaryIndexes {
            parts.append("exists with local secondary indexes \(Self.indexes(localSecondaryIndexes)); the repository defines \(Self.indexes(desired.localSecondaryIndexes))")
        }
        return parts.joined(separator: "; ")
    }

    static func types(_ key: Key) -> String { key.attributes.map(\.type).joined(separator: "/") }

    static func indexes(_ indexes: [LocalIndex]) -> String {
        indexes.isEmpty ? "none" : indexes.map { "\($0.name) (sort key \($0.sortKey.name))" }.joined(separator: ", ")
    }
}
