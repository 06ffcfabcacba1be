import Foundation

/// The monthly cost of one resource (a table, a bucket): a line of the estimate.
public struct CostLine: Sendable, Equatable {
    /// `dynamodb.table` or `s3.bucket`.
    public var type: String
    public var resource: String
    /// What about the resource drives its cost, e.g. `on-demand, 3 indexes, PITR, replica in eu-west-1`.
    public var traits: [String]
    public var parts: [CostPart]

    public var low: Double { parts.reduce(0) { $0 + $1.low } }
    public var high: Double { parts.reduce(0) { $0 + $1.high } }

    /// The line as a plan note.
    public var note: String {
        let detail = parts.map { "\($0.name) \($0.basis) \(Money.range($0.low, $0.high, Money.line))" }.joined(separator: ", ")
        return "\(type) \(resource) (\(traits.joined(separator: ", "))): \(Money.range(low, high, Money.line)) a month — \(detail)"
    }
}
