import Foundation

/// Proof that the caller still holds a lease: writes fenced by it are refused
/// (``EngineError/leaseLost(key:holder:)``) once the lease has changed hands.
public struct LeaseFence: Sendable, Equatable {
    public var key: String
    public var token: String

    public init(key: String, token: String) {
        self.key = key
        self.token = token
    }

    public init(_ lease: Lease) {
        self.init(key: lease.key, token: lease.token)
    }
}
