import Foundation

/// One priced part of a resource's monthly cost at low and high traffic, with how it was reached.
public struct CostPart: Sendable, Equatable {
    public var name: String
    public var low: Double
    public var high: Double
    /// The quantity priced, e.g. `35M–80M writes × 4 request units`.
    public var basis: String
}

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

extension Money {
    /// `$4.50` or `$4.50–10` for a range.
    static func range(_ low: Double, _ high: Double, _ format: (Double) -> String) -> String {
        let (a, b) = (format(low), format(high))
        return a == b ? a : a + "–" + b.drop { $0 == "$" || $0 == "<" }
    }

    /// `5M` or `5M–12M`.
    static func countRange(_ low: Double, _ high: Double) -> String {
        let (a, b) = (count(low), count(high))
        return a == b ? a : "\(a)–\(b)"
    }

    /// `2.0 GB` or `5.0 GB–15 GB`.
    static func sizeRange(_ low: Double, _ high: Double) -> String {
        let (a, b) = (size(gigabytes: low), size(gigabytes: high))
        return a == b ? a : "\(a)–\(b)"
    }
}
