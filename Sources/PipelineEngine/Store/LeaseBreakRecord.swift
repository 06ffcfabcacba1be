import Foundation

/// A lease ended by hand (`pipeline unlock ENV --force`, `pipeline abandon RUN`): whose it was,
/// who ended it and why.
public struct LeaseBreakRecord: Codable, Sendable, Equatable {
    public var lease: Lease
    public var brokenBy: String
    public var reason: String
    public var brokenAt: Date

    public init(lease: Lease, brokenBy: String, reason: String, brokenAt: Date = Date()) {
        self.lease = lease
        self.brokenBy = brokenBy
        self.reason = reason
        self.brokenAt = brokenAt
    }
}
