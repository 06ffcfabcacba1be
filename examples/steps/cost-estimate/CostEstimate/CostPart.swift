import Foundation

/// One priced part of a resource's monthly cost at low and high traffic, with how it was reached.
public struct CostPart: Sendable, Equatable {
    public var name: String
    public var low: Double
    public var high: Double
    /// The quantity priced, e.g. `35M–80M writes × 4 request units`.
    public var basis: String
}
