import AWS
import Synchronization

/// Counts the AWS calls a run makes, at the transport (one per operation, after its retries):
/// what a user reads to see that a no-change re-run wrote nothing.
public final class AWSCallCounter: Sendable {
    /// How a call is counted.
    public enum Kind: String, Sendable, CaseIterable {
        /// Reads of settings and state (`Describe*`, `Get*`, `List*`, `Head*`).
        case read
        /// Changes to infrastructure and published objects (`Create*`, `Update*`, `Put*`, `Delete*`, `Tag*`, …).
        case write
        /// DynamoDB item operations (the smoke tests' probe items).
        case item
        /// STS calls that obtain credentials.
        case credentials
    }

    private let state = Mutex<(operations: [String: Int], retries: Int)>(([:], 0))

    public init() {}

    func record(_ event: AWSEvent) {
        state.withLock { state in
            switch event {
            case .completed(let operation, _, _, _): state.operations[operation, default: 0] += 1
            case .retrying: state.retries += 1
            }
        }
    }

    /// Calls per operation, e.g. `["S3.PutObject": 3]`.
    public var operations: [String: Int] { state.withLock { $0.operations } }
    /// Attempts that failed and were retried.
    public var retries: Int { state.withLock { $0.retries } }

    /// Calls per kind.
    public var byKind: [Kind: Int] {
        var counts: [Kind: Int] = [:]
        for (operation, count) in operations { counts[Self.kind(of: operation), default: 0] += count }
        return counts
    }

    /// The kind of `operation` (`Service.Action`).
    public static func kind(of operation: String) -> Kind {
        let parts = operation.split(separator: ".", maxSplits: 1)
        let service = parts.first.map(String.init) ?? "", action = parts.count > 1 ? String(parts[1]) : operation
        if service == "STS" { return .credentials }
        if service == "DynamoDB", ["PutItem", "GetItem", "DeleteItem", "UpdateItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem"].contains(action) {
            return .item
        }
        return ["Describe", "Get", "List", "Head"].contains { action.hasPrefix($0) } ? .read : .write
    }

    /// Whether `operation` (`Service.Action`) changes something: every write, and the item
    /// operations that put, update or delete items.
    public static func changes(_ operation: String) -> Bool {
        switch kind(of: operation) {
        case .write: return true
        case .item: return ["PutItem", "DeleteItem", "UpdateItem", "BatchWriteItem"].contains { operation.hasSuffix(".\($0)") }
        case .read, .credentials: return false
        }
    }

    /// `214 calls: 196 reads, 0 writes, 12 item operations, 6 for credentials; 0 retries`.
    public var summary: String {
        let counts = byKind
        let total = counts.values.reduce(0, +)
        return "\(total) AWS calls: \(counts[.read, default: 0]) reads, \(counts[.write, default: 0]) writes, "
            + "\(counts[.item, default: 0]) item operations, \(counts[.credentials, default: 0]) for credentials; \(retries) retries"
    }
}
