import Foundation

/// What the ``FaultInjectingProxy`` does instead of forwarding a call.
public enum InjectedFault: Sendable, Hashable, CustomStringConvertible {
    /// HTTP 500 in the service's error format (`InternalServerError` / `InternalError` / `InternalFailure`).
    case internalError
    /// HTTP 503 in the service's error format (`ServiceUnavailable`).
    case serviceUnavailable
    /// The service's throttling answer: DynamoDB (JSON) `ThrottlingException` with 400, S3 `SlowDown`
    /// with 503, query services (STS) `Throttling` with 400.
    case throttling
    /// The connection is reset (TCP RST) after the request is read, without an answer.
    case connectionReset
    /// The call is held, unanswered and not forwarded, until released (then forwarded) or until
    /// the proxy's stall limit or ``FaultInjectingProxy/stop()`` (then the connection is closed).
    case stall

    public var description: String {
        switch self {
        case .internalError: "500"
        case .serviceUnavailable: "503"
        case .throttling: "throttling"
        case .connectionReset: "connection reset"
        case .stall: "stall"
        }
    }
}

/// When to inject a fault: for calls of some operations (all when `operations` is empty), either
/// the listed ordinals among those calls (1-based: `[2]` is the second matching call), or each
/// call with a probability drawn from the proxy's seeded generator.
public struct FaultRule: Sendable, Hashable {
    /// Operation names as ``AWSOperationName`` spells them (`DynamoDB.UpdateTable`); empty: every call.
    public var operations: Set<String>
    /// One of these is injected when the rule fires (picked by the seeded generator).
    public var faults: [InjectedFault]
    /// Fire on these matching calls (1-based); when empty, ``probability`` decides.
    public var ordinals: Set<Int>
    /// The chance a matching call gets a fault (when `ordinals` is empty), 0...1.
    public var probability: Double
    /// At most this many injections by this rule (nil: no limit).
    public var limit: Int?

    public init(operations: Set<String> = [], faults: [InjectedFault], ordinals: Set<Int> = [], probability: Double = 0,
                limit: Int? = nil) {
        self.operations = operations
        self.faults = faults
        self.ordinals = ordinals
        self.probability = min(1, max(0, probability))
        self.limit = limit
    }

    /// A fraction of matching calls get one of `faults`.
    public static func random(_ faults: [InjectedFault], probability: Double, operations: Set<String> = [],
                              limit: Int? = nil) -> FaultRule {
        FaultRule(operations: operations, faults: faults, probability: probability, limit: limit)
    }

    /// The `ordinal`-th call of `operation` (1-based) gets `fault`, e.g. `.nth(2, of: "DynamoDB.UpdateTable", .stall)`.
    public static func nth(_ ordinal: Int, of operation: String, _ fault: InjectedFault) -> FaultRule {
        FaultRule(operations: [operation], faults: [fault], ordinals: [ordinal])
    }

    func matches(_ operation: String) -> Bool { operations.isEmpty || operations.contains(operation) }
}
