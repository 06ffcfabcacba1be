import Foundation

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
