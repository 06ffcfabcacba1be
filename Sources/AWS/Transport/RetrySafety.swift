import Foundation

/// Whether an operation may be sent again when its first outcome is unknown.
///
/// The rule: a request the service *refused* (throttling) or that never reached it
/// (connection refused) is always retried. A request whose outcome is *unknown* (5xx,
/// connection reset, timeout) is retried only if repeating it cannot change the result:
/// reads, full-state writes (PUT of an object or a bucket setting, PutItem, DeleteItem,
/// tag, TTL/PITR settings) and writes guarded by a condition expression.
public enum RetrySafety: Sendable, Equatable {
    /// Repeating gives the same end state.
    case idempotent
    /// Repeating could apply a change twice (UpdateItem without a condition, UpdateTable).
    case unsafe
}
